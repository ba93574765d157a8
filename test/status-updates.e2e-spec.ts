import type { DeliveryStatus } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import {
  APPROVE,
  GET,
  LAST_QUARTER,
  outcome,
  RETURN,
  SAVE,
  saveInput,
  SUBMIT,
  THIS_QUARTER,
  TWO_QUARTERS_AGO,
  workflow,
} from './support/status-updates.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';
import { nextQuarter } from '../src/common/quarter.js';

describe('status updates: the workflow', () => {
  let t: TestApp;
  let plan: PlanFixture;
  let owner: TokenOptions;
  let reviewer: TokenOptions;
  let admin: TokenOptions;
  let nextInitiative = 0;
  /** A fresh initiative of agency 0 (the owner's) for each test, so tests do not share records */
  const freshInitiative = () => plan.initiativeIds[2 * nextInitiative++];

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 2, agencies: 2, initiatives: 60 });
    owner = { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'owner-a', name: 'Ola Eier' };
    reviewer = { role: Role.REVIEWER, sub: 'reviewer-1', name: 'Rita Revisor' };
    admin = { role: Role.ADMIN, sub: 'admin-1', name: 'Anne Admin' };
  });
  afterAll(() => t.close());

  const row = async (id: string) => (await t.sql(`SELECT * FROM status_update WHERE id = $1`, [id]))[0];
  const auditCount = async () => Number((await t.sql(`SELECT count(*)::int AS n FROM audit_event`))[0].n);

  it('goes from a draft through return and resubmission to a published update', async () => {
    const initiativeId = freshInitiative();
    const draft = (await t.ok(SAVE, { input: saveInput(initiativeId) }, owner)).saveStatusUpdate;
    expect(draft).toMatchObject({
      period: THIS_QUARTER,
      status: 'ON_TRACK',
      progressPercent: 40,
      summary: `Rapport for ${THIS_QUARTER}`,
      achievements: 'Leverte første versjon',
      nextSteps: 'Pilot',
      risks: null,
      obstacles: ['CAPACITY'],
      state: 'DRAFT',
      author: { subject: 'owner-a', name: 'Ola Eier' },
      submittedAt: null,
      reviewedAt: null,
      reviewComment: null,
      publishedAt: null,
      version: 1,
      initiative: { id: initiativeId },
    });

    const edited = (
      await t.ok(
        SAVE,
        { input: saveInput(initiativeId, THIS_QUARTER, { summary: 'Ny tekst', expectedVersion: 1 }) },
        owner,
      )
    ).saveStatusUpdate;
    expect(edited).toMatchObject({ id: draft.id, summary: 'Ny tekst', state: 'DRAFT', version: 2 });

    const submitted = (await t.ok(SUBMIT, { id: draft.id, expectedVersion: 2 }, owner)).submitStatusUpdate;
    expect(submitted).toMatchObject({ state: 'SUBMITTED', version: 3 });
    expect(Date.parse(submitted.submittedAt!)).toBeGreaterThan(Date.now() - 60_000);

    const returned = (await t.ok(RETURN, { id: draft.id, comment: 'Beskriv risikoene', expectedVersion: 3 }, reviewer))
      .returnStatusUpdate;
    expect(returned).toMatchObject({
      state: 'RETURNED',
      reviewComment: 'Beskriv risikoene',
      publishedAt: null,
      version: 4,
    });
    expect(returned.reviewedAt).not.toBeNull();

    const redrafted = (
      await t.ok(SAVE, { input: saveInput(initiativeId, THIS_QUARTER, { risks: 'Ressursmangel' }) }, owner)
    ).saveStatusUpdate;
    expect(redrafted).toMatchObject({ state: 'DRAFT', risks: 'Ressursmangel', version: 5 });
    await t.ok(SUBMIT, { id: draft.id }, owner);

    const approved = (await t.ok(APPROVE, { id: draft.id, comment: 'Fint', expectedVersion: 6 }, reviewer))
      .approveStatusUpdate;
    expect(approved).toMatchObject({ state: 'APPROVED', reviewComment: 'Fint', version: 7 });
    expect(approved.publishedAt).not.toBeNull();
    expect(approved.reviewedAt).toBe(approved.publishedAt);

    const stored = await row(draft.id);
    expect(stored).toMatchObject({
      state: 'APPROVED',
      reviewer_subject: 'reviewer-1',
      review_comment: 'Fint',
      risks: 'Ressursmangel',
    });
    const [initiative] = await t.sql(`SELECT current_status, current_status_period FROM initiative WHERE id = $1`, [
      initiativeId,
    ]);
    expect(initiative).toEqual({ current_status: 'ON_TRACK', current_status_period: THIS_QUARTER });

    // Published: anonymous callers see it now, without the people.
    const anonymous = (await t.ok(GET, { id: draft.id })).statusUpdate;
    expect(anonymous).toMatchObject({ id: draft.id, state: 'APPROVED', author: null, reviewComment: null });
  });

  it('approves without a comment', async () => {
    const initiativeId = freshInitiative();
    const { id } = await workflow(t, owner, initiativeId, THIS_QUARTER);
    const approved = (await t.ok(APPROVE, { id }, reviewer)).approveStatusUpdate;
    expect(approved).toMatchObject({ state: 'APPROVED', reviewComment: null });
  });

  it('refuses every step the workflow does not allow, writing nothing', async () => {
    const initiativeId = freshInitiative();
    const draft = (await t.ok(SAVE, { input: saveInput(initiativeId) }, owner)).saveStatusUpdate;
    expect(outcome(await t.gql(APPROVE, { id: draft.id }, reviewer))).toBe('INVALID_STATE');
    expect(outcome(await t.gql(RETURN, { id: draft.id, comment: 'x' }, reviewer))).toBe('INVALID_STATE');

    await t.ok(SUBMIT, { id: draft.id }, owner);
    expect(outcome(await t.gql(SUBMIT, { id: draft.id }, owner))).toBe('INVALID_STATE');
    expect(outcome(await t.gql(SAVE, { input: saveInput(initiativeId) }, owner))).toBe('INVALID_STATE');

    await t.ok(APPROVE, { id: draft.id }, reviewer);
    const before = await row(draft.id);
    const events = await auditCount();
    for (const [query, variables, who] of [
      [SAVE, { input: saveInput(initiativeId, THIS_QUARTER, { summary: 'Endret' }) }, owner],
      [SUBMIT, { id: draft.id }, owner],
      [APPROVE, { id: draft.id }, reviewer],
      [RETURN, { id: draft.id, comment: 'Endre' }, reviewer],
      [SAVE, { input: saveInput(initiativeId, THIS_QUARTER, { summary: 'Endret' }) }, admin],
      [APPROVE, { id: draft.id }, admin],
    ] as const) {
      expect(outcome(await t.gql(query, variables, who))).toBe('INVALID_STATE');
    }
    expect(await row(draft.id)).toEqual(before);
    expect(await auditCount()).toBe(events);
  });

  it('never changes an APPROVED update, not even straight in the database', async () => {
    const initiativeId = freshInitiative();
    const { id } = await workflow(t, owner, initiativeId, LAST_QUARTER, { reviewer });
    await expect(t.sql(`UPDATE status_update SET summary = 'Endret' WHERE id = $1`, [id])).rejects.toThrow(
      /never changes/,
    );
    expect((await row(id)).summary).toBe(`Rapport for ${LAST_QUARTER}`);
  });

  it('keeps one update per initiative and period: saving again edits the same record', async () => {
    const initiativeId = freshInitiative();
    const first = (await t.ok(SAVE, { input: saveInput(initiativeId, LAST_QUARTER) }, owner)).saveStatusUpdate;
    const second = (await t.ok(SAVE, { input: saveInput(initiativeId, LAST_QUARTER, { summary: 'Andre' }) }, owner))
      .saveStatusUpdate;
    const other = (await t.ok(SAVE, { input: saveInput(initiativeId, TWO_QUARTERS_AGO) }, owner)).saveStatusUpdate;
    expect(second.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    const rows = await t.sql(`SELECT period, summary FROM status_update WHERE initiative_id = $1 ORDER BY period`, [
      initiativeId,
    ]);
    expect(rows).toEqual([
      { period: TWO_QUARTERS_AGO, summary: `Rapport for ${TWO_QUARTERS_AGO}` },
      { period: LAST_QUARTER, summary: 'Andre' },
    ]);
  });

  describe('input rules', () => {
    let initiativeId: string;
    beforeAll(() => {
      initiativeId = freshInitiative();
    });

    it.each([
      ['a quarter after the current one', { period: nextQuarter(THIS_QUARTER) }, 'input.period'],
      ['a quarter before 2000-Q1', { period: '1999-Q4' }, 'input.period'],
      ['progress above 100', { progressPercent: 101 }, 'input.progressPercent'],
      ['progress below 0', { progressPercent: -1 }, 'input.progressPercent'],
      ['a blank summary', { summary: '   ' }, 'input.summary'],
      ['a summary of 10001 characters', { summary: 'x'.repeat(10001) }, 'input.summary'],
      ['achievements of 10001 characters', { achievements: 'x'.repeat(10001) }, 'input.achievements'],
      ['next steps of 10001 characters', { nextSteps: 'x'.repeat(10001) }, 'input.nextSteps'],
      ['risks of 10001 characters', { risks: 'x'.repeat(10001) }, 'input.risks'],
      ['a control character in the summary', { summary: 'a\u0007b' }, 'input.summary'],
    ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_name, extra, field) => {
      const res = await t.gql(SAVE, { input: saveInput(initiativeId, THIS_QUARTER, extra) }, owner);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toContain(field);
      expect(await t.sql(`SELECT id FROM status_update WHERE initiative_id = $1`, [initiativeId])).toEqual([]);
    });

    it('refuses a malformed quarter', async () => {
      const res = await t.gql(SAVE, { input: saveInput(initiativeId, '2024-Q5') }, owner);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });

    it('accepts the longest texts and the bounds of progress', async () => {
      const res = await t.ok(
        SAVE,
        { input: saveInput(initiativeId, '2000-Q1', { summary: 'x'.repeat(10000), progressPercent: 100 }) },
        owner,
      );
      expect(res.saveStatusUpdate).toMatchObject({ period: '2000-Q1', progressPercent: 100 });
      expect(res.saveStatusUpdate.summary).toHaveLength(10000);
      const zero = await t.ok(
        SAVE,
        { input: saveInput(initiativeId, '2000-Q1', { progressPercent: 0, obstacles: [] }) },
        owner,
      );
      expect(zero.saveStatusUpdate).toMatchObject({ progressPercent: 0, obstacles: [] });
    });

    it('counts an obstacle given twice once', async () => {
      const res = await t.ok(
        SAVE,
        { input: saveInput(initiativeId, '2001-Q1', { obstacles: ['FUNDING', 'LEGAL', 'FUNDING'] }) },
        owner,
      );
      expect(res.saveStatusUpdate.obstacles).toEqual(['FUNDING', 'LEGAL']);
    });

    it.each([
      ['an unknown initiative', '00000000-0000-4000-8000-000000000000'],
      ['a malformed initiative id', 'not-an-id'],
    ])('answers NOT_FOUND on input.initiativeId for %s', async (_name, id) => {
      const res = await t.gql(SAVE, { input: saveInput(id) }, admin);
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(fields(res)).toEqual(['input.initiativeId']);
    });

    it.each([
      ['submit', SUBMIT, {}, () => owner],
      ['approve', APPROVE, {}, () => reviewer],
      ['return', RETURN, { comment: 'x' }, () => reviewer],
    ] as const)('answers NOT_FOUND when %s names an unknown or malformed update', async (_name, query, extra, who) => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
        expect(codes(await t.gql(query, { id, ...extra }, who()))).toEqual(['NOT_FOUND']);
      }
    });

    it.each([
      ['blank', '  \n '],
      ['empty', ''],
      ['longer than 10000 characters', 'x'.repeat(10001)],
    ])('refuses a return comment that is %s, naming comment', async (_name, comment) => {
      const { id } = await workflow(t, owner, freshInitiative(), THIS_QUARTER);
      const res = await t.gql(RETURN, { id, comment }, reviewer);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['comment']);
      expect((await row(id)).state).toBe('SUBMITTED');
    });

    it('refuses a return without a comment', async () => {
      const { id } = await workflow(t, owner, freshInitiative(), THIS_QUARTER);
      // Without the required comment the operation does not validate, so it is sent as a plain string.
      const res = await t.gql(`mutation($id: ID!) { returnStatusUpdate(id: $id) { id } }`, { id }, reviewer);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('expectedVersion', () => {
    it('answers CONFLICT to a stale version on every step and writes nothing', async () => {
      const initiativeId = freshInitiative();
      await t.ok(SAVE, { input: saveInput(initiativeId) }, owner);
      const v2 = (await t.ok(SAVE, { input: saveInput(initiativeId, THIS_QUARTER, { summary: 'v2' }) }, owner))
        .saveStatusUpdate;
      expect(v2.version).toBe(2);

      let before = await row(v2.id);
      let events = await auditCount();
      const stale = await t.gql(
        SAVE,
        { input: saveInput(initiativeId, THIS_QUARTER, { summary: 'stale', expectedVersion: 1 }) },
        owner,
      );
      expect(codes(stale)).toEqual(['CONFLICT']);
      expect(await row(v2.id)).toEqual(before);
      expect(await auditCount()).toBe(events);

      expect(codes(await t.gql(SUBMIT, { id: v2.id, expectedVersion: 1 }, owner))).toEqual(['CONFLICT']);
      expect(await row(v2.id)).toEqual(before);
      await t.ok(SUBMIT, { id: v2.id, expectedVersion: 2 }, owner);

      before = await row(v2.id);
      events = await auditCount();
      expect(codes(await t.gql(APPROVE, { id: v2.id, expectedVersion: 2 }, reviewer))).toEqual(['CONFLICT']);
      expect(codes(await t.gql(RETURN, { id: v2.id, comment: 'x', expectedVersion: 2 }, reviewer))).toEqual([
        'CONFLICT',
      ]);
      expect(await row(v2.id)).toEqual(before);
      expect(await auditCount()).toBe(events);
      const [initiative] = await t.sql(`SELECT current_status FROM initiative WHERE id = $1`, [initiativeId]);
      expect(initiative.current_status).toBeNull();

      const approved = (await t.ok(APPROVE, { id: v2.id, expectedVersion: 3 }, reviewer)).approveStatusUpdate;
      expect(approved).toMatchObject({ state: 'APPROVED', version: 4 });
    });

    it('answers CONFLICT when a version is given for an update that does not exist yet, and writes nothing', async () => {
      const initiativeId = freshInitiative();
      const res = await t.gql(SAVE, { input: saveInput(initiativeId, THIS_QUARTER, { expectedVersion: 1 }) }, owner);
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(await t.sql(`SELECT id FROM status_update WHERE initiative_id = $1`, [initiativeId])).toEqual([]);
    });
  });

  describe('four eyes', () => {
    it('lets nobody approve or return an update they saved', async () => {
      const initiativeId = freshInitiative();
      const { id } = await workflow(t, admin, initiativeId, THIS_QUARTER);
      expect(codes(await t.gql(APPROVE, { id }, admin))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(RETURN, { id, comment: 'Egen' }, admin))).toEqual(['FORBIDDEN']);
      // The same subject with another role is still the author.
      expect(codes(await t.gql(APPROVE, { id }, { role: Role.REVIEWER, sub: 'admin-1' }))).toEqual(['FORBIDDEN']);
      expect((await row(id)).state).toBe('SUBMITTED');
      const approved = (await t.ok(APPROVE, { id }, { role: Role.ADMIN, sub: 'admin-2' })).approveStatusUpdate;
      expect(approved.state).toBe('APPROVED');
    });

    it('counts everyone who saved or submitted the update, not only the last saver', async () => {
      // An owner saves the draft; an admin submits it for them: neither may review it.
      const initiativeId = freshInitiative();
      const saved = (await t.ok(SAVE, { input: saveInput(initiativeId, THIS_QUARTER) }, owner)).saveStatusUpdate;
      await t.ok(SUBMIT, { id: saved.id }, admin);
      expect(codes(await t.gql(APPROVE, { id: saved.id }, admin))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(RETURN, { id: saved.id, comment: 'Egen' }, admin))).toEqual(['FORBIDDEN']);

      // An admin saves first, the owner saves last and submits: the admin is still one of the authors.
      const other = freshInitiative();
      await t.ok(SAVE, { input: saveInput(other, THIS_QUARTER) }, admin);
      const last = (await t.ok(SAVE, { input: saveInput(other, THIS_QUARTER, { summary: 'Eierens' }) }, owner))
        .saveStatusUpdate;
      await t.ok(SUBMIT, { id: last.id }, owner);
      expect(codes(await t.gql(APPROVE, { id: last.id }, admin))).toEqual(['FORBIDDEN']);
      expect((await row(last.id)).state).toBe('SUBMITTED');
      expect((await t.ok(APPROVE, { id: last.id }, reviewer)).approveStatusUpdate.state).toBe('APPROVED');
    });
  });

  describe('approval and the initiative', () => {
    const INITIATIVE = graphql(
      `query InitiativeOfUpdate($id: ID!) { statusUpdate(id: $id) { initiative { id lifecycle version } } }`,
    );

    it('completes the initiative when a COMPLETED status is approved, and audits that', async () => {
      const initiativeId = freshInitiative();
      const { id } = await workflow(t, owner, initiativeId, THIS_QUARTER, { status: 'COMPLETED' });
      const [before] = await t.sql(`SELECT lifecycle, version FROM initiative WHERE id = $1`, [initiativeId]);
      expect(before.lifecycle).toBe('ACTIVE');

      await t.ok(APPROVE, { id }, reviewer);
      const data = await t.ok(INITIATIVE, { id });
      expect(data.statusUpdate!.initiative).toEqual({
        id: initiativeId,
        lifecycle: 'COMPLETED',
        version: before.version + 1,
      });
      const [after] = await t.sql(
        `SELECT lifecycle, current_status, current_status_period FROM initiative WHERE id = $1`,
        [initiativeId],
      );
      expect(after).toEqual({
        lifecycle: 'COMPLETED',
        current_status: 'COMPLETED',
        current_status_period: THIS_QUARTER,
      });
      const events = await t.sql(
        `SELECT actor, action, changes FROM audit_event WHERE entity_type = 'Initiative' AND entity_id = $1`,
        [initiativeId],
      );
      expect(events).toEqual([
        {
          actor: 'reviewer-1',
          action: 'initiative.update',
          changes: { before: { lifecycle: 'ACTIVE' }, after: { lifecycle: 'COMPLETED' } },
        },
      ]);
    });

    it('leaves the lifecycle alone for other statuses', async () => {
      const initiativeId = freshInitiative();
      await workflow(t, owner, initiativeId, THIS_QUARTER, { status: 'STOPPED', reviewer });
      const [after] = await t.sql(`SELECT lifecycle, current_status FROM initiative WHERE id = $1`, [initiativeId]);
      expect(after).toEqual({ lifecycle: 'ACTIVE', current_status: 'STOPPED' });
    });

    it('does not let the approval of an older quarter overwrite the current status of a newer one', async () => {
      const initiativeId = freshInitiative();
      const older = await workflow(t, owner, initiativeId, TWO_QUARTERS_AGO, { status: 'NOT_STARTED' });
      const newer = await workflow(t, owner, initiativeId, LAST_QUARTER, { status: 'MAJOR_DELAYS' });
      await t.ok(APPROVE, { id: newer.id }, reviewer);
      await t.ok(APPROVE, { id: older.id }, reviewer);
      const [after] = await t.sql(`SELECT current_status, current_status_period FROM initiative WHERE id = $1`, [
        initiativeId,
      ]);
      expect(after).toEqual({ current_status: 'MAJOR_DELAYS', current_status_period: LAST_QUARTER });

      const data = await t.ok(
        graphql(
          `query StatusOfUpdateInitiative($id: ID!) { statusUpdate(id: $id) { initiative { currentStatus latestUpdate { id period } statusHistory { period status } } } }`,
        ),
        { id: older.id },
      );
      expect(data.statusUpdate!.initiative).toEqual({
        currentStatus: 'MAJOR_DELAYS',
        latestUpdate: { id: newer.id, period: LAST_QUARTER },
        statusHistory: [
          { period: TWO_QUARTERS_AGO, status: 'NOT_STARTED' },
          { period: LAST_QUARTER, status: 'MAJOR_DELAYS' },
        ],
      });

      // A newer quarter approved later does take over.
      await workflow(t, owner, initiativeId, THIS_QUARTER, { status: 'ON_TRACK', reviewer });
      const [latest] = await t.sql(`SELECT current_status, current_status_period FROM initiative WHERE id = $1`, [
        initiativeId,
      ]);
      expect(latest).toEqual({ current_status: 'ON_TRACK', current_status_period: THIS_QUARTER });
    });
  });

  it('lets the initiatives listing filter on the current status that approval records', async () => {
    const initiativeId = freshInitiative();
    const query = graphql(`query InitiativesByStatus($slug: String!, $status: [DeliveryStatus!]) {
      initiatives(filter: { strategy: $slug, status: $status }, first: 200) { edges { node { id currentStatus } } } }`);
    const listed = async (status: DeliveryStatus) =>
      (await t.ok(query, { slug: plan.strategySlug, status: [status] })).initiatives.edges.map((e) => e.node.id);

    await workflow(t, owner, initiativeId, LAST_QUARTER, { status: 'MINOR_DELAYS', reviewer });
    expect(await listed('MINOR_DELAYS')).toContain(initiativeId);

    // A newer draft changes nothing until it is approved; then the initiative moves to its status.
    const newer = await workflow(t, owner, initiativeId, THIS_QUARTER, { status: 'MAJOR_DELAYS' });
    expect(await listed('MAJOR_DELAYS')).not.toContain(initiativeId);
    await t.ok(APPROVE, { id: newer.id }, reviewer);
    expect(await listed('MAJOR_DELAYS')).toContain(initiativeId);
    expect(await listed('MINOR_DELAYS')).not.toContain(initiativeId);
  });

  describe('audit trail', () => {
    it('records each step with who did it and the values before and after', async () => {
      const initiativeId = freshInitiative();
      const draft = (await t.ok(SAVE, { input: saveInput(initiativeId) }, owner)).saveStatusUpdate;
      await t.ok(
        SAVE,
        { input: saveInput(initiativeId, THIS_QUARTER, { summary: 'Bedre tekst', progressPercent: 45 }) },
        owner,
      );
      await t.ok(SUBMIT, { id: draft.id }, owner);
      await t.ok(RETURN, { id: draft.id, comment: 'Mer detaljer' }, reviewer);
      await t.ok(
        SAVE,
        { input: saveInput(initiativeId, THIS_QUARTER, { summary: 'Detaljert', progressPercent: 45 }) },
        owner,
      );
      await t.ok(SUBMIT, { id: draft.id }, owner);
      await t.ok(APPROVE, { id: draft.id, comment: 'Godkjent' }, reviewer);

      const data = await t.ok(
        graphql(
          `query StatusUpdateAuditLog($id: ID!) { auditLog(entityType: "StatusUpdate", entityId: $id) { totalCount edges { node { actor action entityType entityId changes } } } }`,
        ),
        { id: draft.id },
        admin,
      );
      const events = data.auditLog.edges.map((e) => e.node);
      expect(data.auditLog.totalCount).toBe(7);
      expect(events.map((e) => `${e.actor} ${e.action}`)).toEqual([
        'reviewer-1 statusUpdate.approve',
        'owner-a statusUpdate.submit',
        'owner-a statusUpdate.save',
        'reviewer-1 statusUpdate.return',
        'owner-a statusUpdate.submit',
        'owner-a statusUpdate.save',
        'owner-a statusUpdate.save',
      ]);
      expect(events.every((e) => e.entityType === 'StatusUpdate' && e.entityId === draft.id)).toBe(true);

      const [approve, , resave, ret, , edit, create] = events;
      expect(create.changes.before).toBeNull();
      expect(create.changes.after).toMatchObject({
        initiativeId,
        period: THIS_QUARTER,
        status: 'ON_TRACK',
        summary: `Rapport for ${THIS_QUARTER}`,
        state: 'DRAFT',
        authorSubject: 'owner-a',
      });
      expect(edit.changes).toEqual({
        before: { summary: `Rapport for ${THIS_QUARTER}`, progressPercent: 40 },
        after: { summary: 'Bedre tekst', progressPercent: 45 },
      });
      expect(ret.changes.before).toMatchObject({ state: 'SUBMITTED', reviewComment: null, reviewerSubject: null });
      expect(ret.changes.after).toMatchObject({
        state: 'RETURNED',
        reviewComment: 'Mer detaljer',
        reviewerSubject: 'reviewer-1',
      });
      expect(resave.changes).toEqual({
        before: { summary: 'Bedre tekst', state: 'RETURNED' },
        after: { summary: 'Detaljert', state: 'DRAFT' },
      });
      expect(approve.changes.before).toMatchObject({
        state: 'SUBMITTED',
        publishedAt: null,
        reviewComment: 'Mer detaljer',
      });
      expect(approve.changes.after).toMatchObject({ state: 'APPROVED', reviewComment: 'Godkjent' });
      expect(approve.changes.after.publishedAt).toEqual(expect.any(String));
    });
  });

  it('shows fixtures inserted straight in SQL like any other update', async () => {
    const initiativeId = freshInitiative();
    const id = await insertStatusUpdate(t, {
      initiativeId,
      period: '2020-Q2',
      status: 'MINOR_DELAYS',
      obstacles: ['FUNDING', 'LEGAL'],
    });
    const data = await t.ok(GET, { id });
    expect(data.statusUpdate).toMatchObject({
      period: '2020-Q2',
      status: 'MINOR_DELAYS',
      obstacles: ['FUNDING', 'LEGAL'],
      state: 'APPROVED',
    });
  });
});
