import type { AuditLogPageQuery } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertPlan, PlanFixture } from './support/plan-fixtures.js';
import { APPROVE, LAST_QUARTER, SAVE, saveInput, SUBMIT, THIS_QUARTER } from './support/status-updates.js';
import { codes, createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const LOG = graphql(`query AuditLogPage($entityType: String, $entityId: ID, $first: Int, $after: String) {
  auditLog(entityType: $entityType, entityId: $entityId, first: $first, after: $after) {
    totalCount
    edges { cursor node { id at actor action entityType entityId changes } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  } }`);

describe('the audit log of status updates', () => {
  let t: TestApp;
  let plan: PlanFixture;
  const reviewer = { role: Role.REVIEWER, sub: 'reviewer-1' };
  const admin = { role: Role.ADMIN, sub: 'admin-1' };
  let first: string;
  let second: string;

  const nodes = (data: AuditLogPageQuery) => data.auditLog.edges.map((e) => e.node);

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 1, agencies: 1, initiatives: 2 });
    const owner = { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'owner-a' };
    // Update 1: saved, submitted, approved as COMPLETED (which completes the initiative). Update 2: saved.
    first = (
      await t.ok(
        SAVE,
        { input: saveInput(plan.initiativeIds[0], LAST_QUARTER, { status: 'COMPLETED', progressPercent: 100 }) },
        owner,
      )
    ).saveStatusUpdate.id;
    await t.ok(SUBMIT, { id: first }, owner);
    await t.ok(APPROVE, { id: first, comment: 'Flott' }, reviewer);
    second = (await t.ok(SAVE, { input: saveInput(plan.initiativeIds[1], THIS_QUARTER) }, owner)).saveStatusUpdate.id;
  });
  afterAll(() => t.close());

  it('lists every event, newest first', async () => {
    const data = await t.ok(LOG, {}, reviewer);
    expect(data.auditLog.totalCount).toBe(5);
    expect(nodes(data).map((e) => `${e.action} ${e.entityType} ${e.actor}`)).toEqual([
      'statusUpdate.save StatusUpdate owner-a',
      'initiative.update Initiative reviewer-1',
      'statusUpdate.approve StatusUpdate reviewer-1',
      'statusUpdate.submit StatusUpdate owner-a',
      'statusUpdate.save StatusUpdate owner-a',
    ]);
    const ids = nodes(data).map((e) => Number(e.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const times = nodes(data).map((e) => Date.parse(e.at));
    expect(times.every((time) => Math.abs(time - Date.now()) < 120_000)).toBe(true);
  });

  it('filters by entity type and by entity', async () => {
    const initiatives = await t.ok(LOG, { entityType: 'Initiative' }, admin);
    expect(initiatives.auditLog.totalCount).toBe(1);
    expect(nodes(initiatives)[0]).toMatchObject({
      entityId: plan.initiativeIds[0],
      changes: { before: { lifecycle: 'ACTIVE' }, after: { lifecycle: 'COMPLETED' } },
    });

    const updates = await t.ok(LOG, { entityType: 'StatusUpdate' }, admin);
    expect(updates.auditLog.totalCount).toBe(4);

    const one = await t.ok(LOG, { entityType: 'StatusUpdate', entityId: first }, admin);
    expect(nodes(one).map((e) => e.action)).toEqual([
      'statusUpdate.approve',
      'statusUpdate.submit',
      'statusUpdate.save',
    ]);
    const other = await t.ok(LOG, { entityId: second }, admin);
    expect(nodes(other).map((e) => e.action)).toEqual(['statusUpdate.save']);

    const none = await t.ok(LOG, { entityType: 'Goal' }, admin);
    expect(none.auditLog).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('shows the values before and after each step', async () => {
    const [approve, submit, save] = nodes(await t.ok(LOG, { entityId: first }, admin));
    expect(save.changes.before).toBeNull();
    expect(save.changes.after).toMatchObject({
      period: LAST_QUARTER,
      status: 'COMPLETED',
      progressPercent: 100,
      state: 'DRAFT',
      obstacles: ['CAPACITY'],
      authorSubject: 'owner-a',
      publishedAt: null,
    });
    // The first submission also records firstSubmittedAt, which later steps keep.
    expect(Object.keys(submit.changes.after!).sort()).toEqual(['firstSubmittedAt', 'state', 'submittedAt']);
    expect(submit.changes.before).toEqual({ state: 'DRAFT', submittedAt: null, firstSubmittedAt: null });
    expect(submit.changes.after!.firstSubmittedAt).toBe(submit.changes.after!.submittedAt);
    expect(approve.changes.before).toEqual({
      state: 'SUBMITTED',
      reviewedAt: null,
      publishedAt: null,
      reviewerSubject: null,
      reviewComment: null,
    });
    expect(approve.changes.after).toMatchObject({
      state: 'APPROVED',
      reviewerSubject: 'reviewer-1',
      reviewComment: 'Flott',
    });
    expect(approve.changes.after!.publishedAt).toBe(approve.changes.after!.reviewedAt);
  });

  it('pages newest first without gaps', async () => {
    const all = nodes(await t.ok(LOG, {}, admin)).map((e) => e.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: AuditLogPageQuery = await t.ok(LOG, { first: 2, after }, admin);
      expect(data.auditLog.totalCount).toBe(5);
      seen.push(...nodes(data).map((e) => e.id));
      if (!data.auditLog.pageInfo.hasNextPage) break;
      after = data.auditLog.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('refuses a cursor that is not from the log', async () => {
    const bad = Buffer.from(JSON.stringify(['1; DROP TABLE audit_event'])).toString('base64url');
    expect(codes(await t.gql(LOG, { after: bad }, admin))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(LOG, { after: 'garbage' }, admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers a filter with a NUL character with no events, not a server error', async () => {
    for (const variables of [{ entityType: 'StatusUpdate\u0000' }, { entityId: `${first}\u0000` }]) {
      const res = await t.gql(
        graphql(
          `query AuditLogCursors($entityType: String, $entityId: ID) { auditLog(entityType: $entityType, entityId: $entityId) { totalCount edges { cursor } } }`,
        ),
        variables,
        admin,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.auditLog).toEqual({ totalCount: 0, edges: [] });
    }
  });

  it('is for REVIEWER and ADMIN only', async () => {
    expect(codes(await t.gql(LOG))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(LOG, {}, { role: Role.OWNER, org: plan.agencies[0].orgNumber }))).toEqual(['FORBIDDEN']);
  });

  it('writes no event for a refused step', async () => {
    const before = (await t.ok(LOG, {}, admin)).auditLog.totalCount;
    // An approved update cannot be submitted, a draft cannot be approved.
    expect(codes(await t.gql(SUBMIT, { id: first }, admin))).toEqual(['INVALID_STATE']);
    expect(codes(await t.gql(APPROVE, { id: second }, reviewer))).toEqual(['INVALID_STATE']);
    expect((await t.ok(LOG, {}, admin)).auditLog.totalCount).toBe(before);
  });
});
