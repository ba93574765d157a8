import { currentQuarter, nextQuarter, quarterRange } from '../src/common/quarter.js';
import { graphql } from './graphql/graphql.js';
import {
  insertGoal,
  insertInitiative,
  insertOrganization,
  insertStatusUpdate,
  insertStrategy,
} from './support/plan-fixtures.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';

// The same counts of both: PeriodCounts and StatusOverview share no interface, so no fragment serves both.
const TIMELINE = graphql(`query Timeline($strategy: String, $from: Quarter, $to: Quarter) {
  statusTimeline(strategy: $strategy, from: $from, to: $to) {
    period initiativeCount notReported statusCounts { status count } obstacleCounts { obstacle count } } }`);
const OVERVIEW = graphql(`query OverviewCounts($strategy: String, $period: Quarter) {
  statusOverview(strategy: $strategy, period: $period) {
    period initiativeCount notReported statusCounts { status count } obstacleCounts { obstacle count } } }`);

/**
 * The timeline on a constructed plan (strategy "plan", periodStart 2023), approved updates unless said:
 *
 *   code  2023-Q2                2023-Q4             2024-Q1              2024-Q3              later
 *   1.1   ON_TRACK [CAPACITY]    MINOR_DELAYS        -                    COMPLETED            -
 *   1.2   -                      -                   NOT_STARTED [LEGAL]  SUBMITTED (ignored)  -
 *   1.3   DRAFT (ignored)        -                   -                    -                    2024-Q4 MAJOR_DELAYS
 *                                                                                              [FUNDING, CAPACITY]
 *   2.1   STOPPED                RETURNED (ignored)  ON_TRACK             -                    -
 *   2.2   (PLANNED, never reported)
 *   A second strategy has updates in the same quarters, which must not count here.
 */
describe('statusTimeline', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RESPONSE_CACHE_TTL: '0' } });
    const agency = await insertOrganization(t);
    const plan = await insertStrategy(t, { slug: 'plan', periodStart: 2023, periodEnd: 2026 });
    const [g1, g2] = [await insertGoal(t, plan.id, 1), await insertGoal(t, plan.id, 2)];
    const initiative = (code: string, goalIds: string[], lifecycle = 'ACTIVE') =>
      insertInitiative(t, { strategyId: plan.id, code, goalIds, executingAgencyId: agency.id, lifecycle });
    const ids = {
      '1.1': await initiative('1.1', [g1]),
      '1.2': await initiative('1.2', [g1, g2]),
      '1.3': await initiative('1.3', [g1]),
      '2.1': await initiative('2.1', [g2]),
      '2.2': await initiative('2.2', [g2], 'PLANNED'),
    };
    const update = (code: keyof typeof ids, period: string, status: string, extra: Record<string, unknown> = {}) =>
      insertStatusUpdate(t, { initiativeId: ids[code], period, status, ...extra });
    await update('1.1', '2023-Q2', 'ON_TRACK', { obstacles: ['CAPACITY'] });
    await update('1.1', '2023-Q4', 'MINOR_DELAYS');
    await update('1.1', '2024-Q3', 'COMPLETED');
    await update('1.2', '2024-Q1', 'NOT_STARTED', { obstacles: ['LEGAL'] });
    await update('1.2', '2024-Q3', 'ON_TRACK', { state: 'SUBMITTED' });
    await update('1.3', '2023-Q2', 'ON_TRACK', { state: 'DRAFT' });
    await update('1.3', '2024-Q4', 'MAJOR_DELAYS', { obstacles: ['FUNDING', 'CAPACITY'] });
    await update('2.1', '2023-Q2', 'STOPPED');
    await update('2.1', '2023-Q4', 'ON_TRACK', { state: 'RETURNED' });
    await update('2.1', '2024-Q1', 'ON_TRACK');

    const other = await insertStrategy(t, { slug: 'other' });
    const og = await insertGoal(t, other.id, 1);
    const o = await insertInitiative(t, {
      strategyId: other.id,
      code: '1.1',
      goalIds: [og],
      executingAgencyId: agency.id,
    });
    await insertStatusUpdate(t, { initiativeId: o, period: '2023-Q4', status: 'STOPPED', obstacles: ['OTHER'] });
  });
  afterAll(() => t.close());

  const counts = (values: number[]) =>
    ['NOT_STARTED', 'ON_TRACK', 'MINOR_DELAYS', 'MAJOR_DELAYS', 'COMPLETED', 'STOPPED'].map((status, i) => ({
      status,
      count: values[i],
    }));

  it('gives, for every quarter of the range, exactly the counts statusOverview gives for that period', async () => {
    const { statusTimeline } = await t.ok(TIMELINE, { strategy: 'plan', from: '2022-Q3', to: '2025-Q2' });
    expect(statusTimeline.map((p) => p.period)).toEqual(quarterRange('2022-Q3', '2025-Q2'));
    for (const entry of statusTimeline) {
      const { statusOverview } = await t.ok(OVERVIEW, { strategy: 'plan', period: entry.period });
      expect(entry).toEqual(statusOverview);
    }
    // The worked-out standings, so that the equality is not of two empty answers.
    const at = (period: string) => statusTimeline.find((p) => p.period === period)!;
    expect(at('2023-Q1')).toMatchObject({
      initiativeCount: 5,
      notReported: 5,
      statusCounts: counts([0, 0, 0, 0, 0, 0]),
    });
    expect(at('2023-Q3')).toMatchObject({ notReported: 3, statusCounts: counts([0, 1, 0, 0, 0, 1]) });
    expect(at('2024-Q2')).toMatchObject({ notReported: 2, statusCounts: counts([1, 1, 1, 0, 0, 0]) });
    expect(at('2025-Q2')).toMatchObject({ notReported: 1, statusCounts: counts([1, 1, 0, 1, 1, 0]) });
    expect(at('2025-Q2').obstacleCounts).toEqual(
      ['CAPACITY', 'FUNDING', 'LEGAL', 'COORDINATION', 'TECHNOLOGY', 'COMPETENCE', 'OTHER'].map((obstacle) => ({
        obstacle,
        count: { CAPACITY: 1, FUNDING: 1, LEGAL: 1 }[obstacle] ?? 0,
      })),
    );
    expect(at('2023-Q3').obstacleCounts.find((o) => o.obstacle === 'CAPACITY')!.count).toBe(1);
  });

  it('defaults to the strategy from its first year to the overview’s default period', async () => {
    const { statusTimeline } = await t.ok(TIMELINE, { strategy: 'plan' });
    expect(statusTimeline.map((p) => p.period)).toEqual(quarterRange('2023-Q1', '2024-Q4'));
    const { statusOverview } = await t.ok(OVERVIEW, { strategy: 'plan' });
    expect(statusTimeline[statusTimeline.length - 1]).toEqual(statusOverview);
    // The default strategy is the first created, as for statusOverview.
    expect((await t.ok(TIMELINE, {})).statusTimeline).toEqual(statusTimeline);
    const short = await t.ok(TIMELINE, { strategy: 'plan', to: '2023-Q2' });
    expect(short.statusTimeline.map((p) => p.period)).toEqual(['2023-Q1', '2023-Q2']);
    expect((await t.ok(TIMELINE, { strategy: 'plan', to: '2022-Q4' })).statusTimeline).toEqual([]);
  });

  it('refuses more than 60 quarters, from after to, future quarters and an unknown strategy', async () => {
    const sixty = await t.ok(TIMELINE, { strategy: 'plan', from: '2010-Q1', to: '2024-Q4' });
    expect(sixty.statusTimeline).toHaveLength(60);
    const tooMany = await t.gql(TIMELINE, { strategy: 'plan', from: '2009-Q4', to: '2024-Q4' });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    expect(fields(tooMany)).toEqual(['from']);
    expect(fields(await t.gql(TIMELINE, { from: '2024-Q2', to: '2024-Q1' }))).toEqual(['from']);
    expect(fields(await t.gql(TIMELINE, { to: nextQuarter(currentQuarter()) }))).toEqual(['to']);
    expect(fields(await t.gql(TIMELINE, { from: '1999-Q4' }))).toEqual(['from']);
    const unknown = await t.gql(TIMELINE, { strategy: 'nope' });
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(fields(unknown)).toEqual(['strategy']);
  });
});
