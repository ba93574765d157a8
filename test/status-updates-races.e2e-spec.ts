import { insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import {
  APPROVE,
  LAST_QUARTER,
  outcome,
  RETURN,
  SAVE,
  saveInput,
  SUBMIT,
  THIS_QUARTER,
} from './support/status-updates.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

/**
 * Calls racing for one record, sent as real parallel HTTP requests: the database's unique key and row locks
 * decide, and the losers get the record, CONFLICT or INVALID_STATE, never a server error.
 */
describe('status updates: racing calls', () => {
  let t: TestApp;
  let plan: PlanFixture;
  let owner: TokenOptions;
  let next = 0;
  const freshInitiative = () => plan.initiativeIds[2 * next++];
  const reviewers = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ role: i % 2 ? Role.ADMIN : Role.REVIEWER, sub: `reviewer-${i}` }));

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 1, agencies: 2, initiatives: 40 });
    owner = { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'owner-a' };
  });
  afterAll(() => t.close());

  const events = (id: string, action: string) =>
    t
      .sql(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = $2`, [id, action])
      .then((rows) => rows[0].n as number);

  it('leaves exactly one record when ten first saves of one quarter race', async () => {
    const initiativeId = freshInitiative();
    const callers = Array.from({ length: 10 }, (_, i) =>
      i % 3 === 0 ? { role: Role.ADMIN, sub: `admin-${i}` } : { ...owner, sub: `owner-${i}` },
    );
    const responses = await Promise.all(
      callers.map((caller, i) =>
        t.gql(SAVE, { input: saveInput(initiativeId, THIS_QUARTER, { summary: `Utkast ${i}` }) }, caller),
      ),
    );
    expect(responses.map((res) => res.status).every((status) => status === 200)).toBe(true);
    const results = responses.map(outcome);
    expect(results.every((result) => result === 'OK' || result === 'CONFLICT')).toBe(true);

    const rows = await t.sql(`SELECT id, version, state FROM status_update WHERE initiative_id = $1`, [initiativeId]);
    expect(rows).toHaveLength(1);
    const winners = responses.filter((res) => !res.errors);
    expect(winners.length).toBeGreaterThan(0);
    expect(new Set(winners.map((res) => res.data!.saveStatusUpdate.id))).toEqual(new Set([rows[0].id]));
    // Every successful save wrote once: the record's version counts them, and so does the audit trail.
    expect(rows[0].version).toBe(winners.length);
    expect(await events(rows[0].id, 'statusUpdate.save')).toBe(winners.length);
    expect(rows[0].state).toBe('DRAFT');
  });

  it('leaves exactly one record per quarter when first saves of two quarters race', async () => {
    const initiativeId = freshInitiative();
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.gql(SAVE, { input: saveInput(initiativeId, i % 2 ? THIS_QUARTER : LAST_QUARTER) }, owner),
      ),
    );
    expect(responses.map(outcome).every((result) => result === 'OK' || result === 'CONFLICT')).toBe(true);
    const rows = await t.sql(`SELECT period FROM status_update WHERE initiative_id = $1 ORDER BY period`, [
      initiativeId,
    ]);
    expect(rows).toEqual([{ period: LAST_QUARTER }, { period: THIS_QUARTER }]);
  });

  it('approves once when five approvals race, with one audit event', async () => {
    const initiativeId = freshInitiative();
    const id = await insertStatusUpdate(t, {
      initiativeId,
      period: THIS_QUARTER,
      state: 'SUBMITTED',
      status: 'COMPLETED',
    });
    const responses = await Promise.all(
      reviewers(5).map((reviewer, i) => t.gql(APPROVE, { id, comment: `Godkjent ${i}` }, reviewer)),
    );
    const results = responses.map(outcome);
    expect(results.filter((result) => result === 'OK')).toHaveLength(1);
    expect(
      results
        .filter((result) => result !== 'OK')
        .every((result) => result === 'INVALID_STATE' || result === 'CONFLICT'),
    ).toBe(true);

    const [row] = await t.sql(
      `SELECT state, version, review_comment, reviewer_subject FROM status_update WHERE id = $1`,
      [id],
    );
    const winner = responses.find((res) => !res.errors)!.data!.approveStatusUpdate;
    expect(row).toMatchObject({ state: 'APPROVED', version: 2, review_comment: winner.reviewComment });
    expect(await events(id, 'statusUpdate.approve')).toBe(1);
    // The initiative was completed once too.
    expect(await events(initiativeId, 'initiative.update')).toBe(1);
    const [initiative] = await t.sql(`SELECT lifecycle, current_status FROM initiative WHERE id = $1`, [initiativeId]);
    expect(initiative).toEqual({ lifecycle: 'COMPLETED', current_status: 'COMPLETED' });
  });

  it('lets only one of racing approvals and returns win', async () => {
    const initiativeId = freshInitiative();
    const id = await insertStatusUpdate(t, { initiativeId, period: THIS_QUARTER, state: 'SUBMITTED' });
    const responses = await Promise.all(
      reviewers(6).map((reviewer, i) =>
        i % 2 ? t.gql(APPROVE, { id }, reviewer) : t.gql(RETURN, { id, comment: 'Rett opp' }, reviewer),
      ),
    );
    expect(responses.map(outcome).filter((result) => result === 'OK')).toHaveLength(1);
    const [row] = await t.sql(`SELECT state, version FROM status_update WHERE id = $1`, [id]);
    expect(['APPROVED', 'RETURNED']).toContain(row.state);
    expect(row.version).toBe(2);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [id]);
    expect(n).toBe(1);
  });

  it('submits once when submits race', async () => {
    const initiativeId = freshInitiative();
    const id = await insertStatusUpdate(t, { initiativeId, period: THIS_QUARTER, state: 'DRAFT' });
    const responses = await Promise.all(Array.from({ length: 5 }, () => t.gql(SUBMIT, { id }, owner)));
    expect(responses.map(outcome).sort()).toEqual([
      'INVALID_STATE',
      'INVALID_STATE',
      'INVALID_STATE',
      'INVALID_STATE',
      'OK',
    ]);
    expect(await events(id, 'statusUpdate.submit')).toBe(1);
  });

  it('records the newer quarter as the current status whichever of two racing approvals commits first', async () => {
    for (let round = 0; round < 4; round++) {
      const initiativeId = freshInitiative();
      const older = await insertStatusUpdate(t, {
        initiativeId,
        period: LAST_QUARTER,
        state: 'SUBMITTED',
        status: 'MAJOR_DELAYS',
      });
      const newer = await insertStatusUpdate(t, {
        initiativeId,
        period: THIS_QUARTER,
        state: 'SUBMITTED',
        status: 'ON_TRACK',
      });
      const order = round % 2 ? [older, newer] : [newer, older];
      const responses = await Promise.all(order.map((id, i) => t.gql(APPROVE, { id }, reviewers(2)[i])));
      expect(responses.map(outcome)).toEqual(['OK', 'OK']);
      const [initiative] = await t.sql(`SELECT current_status, current_status_period FROM initiative WHERE id = $1`, [
        initiativeId,
      ]);
      expect(initiative).toEqual({ current_status: 'ON_TRACK', current_status_period: THIS_QUARTER });
    }
  });
});
