import { currentQuarter, nextQuarter } from '../src/common/quarter.js';
import { graphql } from './graphql/graphql.js';
import {
  insertGoal,
  insertInitiative,
  insertOrganization,
  insertStatusUpdate,
  insertStrategy,
} from './support/plan-fixtures.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/**
 * The reporting round of 2024-Q2 on a constructed plan:
 *
 *   strategy  code  lifecycle     2024-Q2 update   other updates
 *   plan      1.2   ACTIVE        APPROVED
 *   plan      1.10  ACTIVE        DRAFT            2024-Q1 APPROVED (last quarter does not count)
 *   plan      1.9   ACTIVE        SUBMITTED
 *   plan      2.1   ACTIVE        RETURNED
 *   plan      2.3   PLANNED       DRAFT            (counted as a draft, not expected)
 *   plan      3.1   COMPLETED     APPROVED         (counted as approved, not expected)
 *   plan      3.2   DISCONTINUED  -
 *   plan      10.1  ACTIVE        -                2024-Q3 SUBMITTED (a later quarter does not count)
 *   other     1.1   ACTIVE        -
 */
describe('reportingRound', () => {
  let t: TestApp;
  let ids: Record<string, string>;
  const ROUND = graphql(`query ReportingRound($period: Quarter!) {
    reportingRound(period: $period) { period expected drafts submitted approved returned missing { id code lifecycle startDate updatedAt } }
  }`);

  beforeAll(async () => {
    t = await createTestApp();
    const agency = await insertOrganization(t);
    const plan = await insertStrategy(t, { slug: 'plan' });
    const goal = await insertGoal(t, plan.id, 1);
    const other = await insertStrategy(t, { slug: 'other' });
    const otherGoal = await insertGoal(t, other.id, 1);
    const initiative = (code: string, lifecycle = 'ACTIVE', strategyId = plan.id, goalId = goal) =>
      insertInitiative(t, { strategyId, code, goalIds: [goalId], executingAgencyId: agency.id, lifecycle });
    ids = {
      '1.2': await initiative('1.2'),
      '1.10': await initiative('1.10'),
      '1.9': await initiative('1.9'),
      '2.1': await initiative('2.1'),
      '2.3': await initiative('2.3', 'PLANNED'),
      '3.1': await initiative('3.1', 'COMPLETED'),
      '3.2': await initiative('3.2', 'DISCONTINUED'),
      '10.1': await initiative('10.1'),
      other: await initiative('1.1', 'ACTIVE', other.id, otherGoal),
    };
    const update = (key: string, period: string, state: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED') =>
      insertStatusUpdate(t, { initiativeId: ids[key], period, state });
    await update('1.2', '2024-Q2', 'APPROVED');
    await update('1.10', '2024-Q1', 'APPROVED');
    await update('1.10', '2024-Q2', 'DRAFT');
    await update('1.9', '2024-Q2', 'SUBMITTED');
    await update('2.1', '2024-Q2', 'RETURNED');
    await update('2.3', '2024-Q2', 'DRAFT');
    await update('3.1', '2024-Q2', 'APPROVED');
    await update('10.1', '2024-Q3', 'SUBMITTED');
    await t.sql(`UPDATE initiative SET start_date = '2024-03-01', updated_at = '2024-03-02T08:00:00Z' WHERE id = $1`, [
      ids.other,
    ]);
  });
  afterAll(() => t.close());

  it('counts the period’s updates by state and lists the ACTIVE initiatives still missing, by code', async () => {
    const { reportingRound: round } = await t.ok(ROUND, { period: '2024-Q2' }, { role: Role.REVIEWER });
    expect(round).toMatchObject({ period: '2024-Q2', expected: 6, drafts: 2, submitted: 1, approved: 2, returned: 1 });
    expect(round.missing.map((i) => i.code)).toEqual(['1.1', '1.10', '2.1', '10.1']);
    // Hydrated as TypeORM would: a date column as YYYY-MM-DD, a timestamp as an instant.
    expect(round.missing[0]).toEqual({
      id: ids.other,
      code: '1.1',
      lifecycle: 'ACTIVE',
      startDate: '2024-03-01',
      updatedAt: '2024-03-02T08:00:00.000Z',
    });
  });

  it('answers for another quarter with that quarter’s updates only', async () => {
    const { reportingRound: round } = await t.ok(ROUND, { period: '2024-Q3' }, { role: Role.ADMIN });
    expect(round).toMatchObject({ expected: 6, drafts: 0, submitted: 1, approved: 0, returned: 0 });
    expect(round.missing.map((i) => i.code)).toEqual(['1.1', '1.2', '1.9', '1.10', '2.1']);
    const empty = (await t.ok(ROUND, { period: '2001-Q1' }, { role: Role.ADMIN })).reportingRound;
    expect(empty).toMatchObject({ expected: 6, drafts: 0, submitted: 0, approved: 0, returned: 0 });
    expect(empty.missing).toHaveLength(6);
  });

  it('is for directorate staff only', async () => {
    expect(codes(await t.gql(ROUND, { period: '2024-Q2' }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(ROUND, { period: '2024-Q2' }, { role: Role.OWNER, org: '974760673' }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('refuses a quarter that has not begun and a malformed one', async () => {
    const future = await t.gql(ROUND, { period: nextQuarter(currentQuarter()) }, { role: Role.REVIEWER });
    expect(codes(future)).toEqual(['BAD_USER_INPUT']);
    expect(fields(future)).toEqual(['period']);
    expect(codes(await t.gql(ROUND, { period: '2024-3' }, { role: Role.REVIEWER }))).toEqual(['BAD_USER_INPUT']);
    // Without its required period: not a valid operation, so sent as a plain string.
    expect(codes(await t.gql('{ reportingRound { expected } }', {}, { role: Role.REVIEWER }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });
});
