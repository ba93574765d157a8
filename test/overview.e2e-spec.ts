import { currentQuarter, nextQuarter } from '../src/common/quarter.js';
import type { DeliveryStatus, OverviewQuery, StandingOfUpdatesQuery } from './graphql/generated.js';
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
 * The status overview on a constructed plan whose answers are worked out by hand:
 *
 *   code  goals  lifecycle  updates (period state status obstacles, published)
 *   1.2   1      ACTIVE     2024-Q1 APPROVED ON_TRACK [CAPACITY] (published late: 2024-08-01)
 *                           2024-Q2 APPROVED MINOR_DELAYS [FUNDING, LEGAL] 2024-07-08
 *   1.9   1      ACTIVE     2024-Q1 RETURNED, 2024-Q2 SUBMITTED                     -> never reported
 *   1.10  1      ACTIVE     2024-Q1 APPROVED MAJOR_DELAYS [CAPACITY] 2024-04-12, 2024-Q2 DRAFT -> stale
 *   2.10  1, 2   ACTIVE     2024-Q2 APPROVED ON_TRACK [CAPACITY] 2024-07-15
 *                           2024-Q3 APPROVED COMPLETED [] 2024-10-09
 *   2.1   2      ACTIVE     2023-Q4 APPROVED NOT_STARTED [] 2024-01-15, 2024-Q2 RETURNED -> stale
 *   2.3   2      PLANNED    2024-Q2 DRAFT                                            -> never reported
 *   goal 3 has no initiatives. A second strategy ("other", created later) has 1.1 approved in 2025-Q1,
 *   a third ("empty") has nothing approved.
 */
describe('statusOverview', () => {
  let t: TestApp;
  let ids: Record<string, string>;

  const OVERVIEW = graphql(`query Overview($strategy: String, $period: Quarter) {
    statusOverview(strategy: $strategy, period: $period) {
      strategy { slug }
      period initiativeCount notReported lastPublishedAt
      statusCounts { status count }
      obstacleCounts { obstacle count }
      goals {
        goal { number title }
        initiativeCount notReported
        statusCounts { status count }
        initiatives {
          status upToDate
          update { period status summary state publishedAt obstacles }
          initiative { id code lifecycle }
        }
      }
    }
  }`);

  const counts = (values: number[]) =>
    (
      ['NOT_STARTED', 'ON_TRACK', 'MINOR_DELAYS', 'MAJOR_DELAYS', 'COMPLETED', 'STOPPED'] satisfies DeliveryStatus[]
    ).map((status, i) => ({
      status,
      count: values[i],
    }));

  beforeAll(async () => {
    t = await createTestApp();
    const strategy = await insertStrategy(t, { slug: 'plan' });
    const goal2 = await insertGoal(t, strategy.id, 2, 'Mål to');
    const goal1 = await insertGoal(t, strategy.id, 1, 'Mål en');
    await insertGoal(t, strategy.id, 3, 'Mål tre');
    const agency = await insertOrganization(t, { name: 'Digdir', shortName: 'DIGDIR' });
    const initiative = (code: string, goalIds: string[], lifecycle = 'ACTIVE') =>
      insertInitiative(t, {
        strategyId: strategy.id,
        code,
        goalIds,
        executingAgencyId: agency.id,
        lifecycle,
        description: `Beskrivelse ${code}`,
      });
    ids = {
      '1.2': await initiative('1.2', [goal1]),
      '1.9': await initiative('1.9', [goal1]),
      '1.10': await initiative('1.10', [goal1]),
      '2.10': await initiative('2.10', [goal1, goal2]),
      '2.1': await initiative('2.1', [goal2]),
      '2.3': await initiative('2.3', [goal2], 'PLANNED'),
    };
    const at = (iso: string) => new Date(`${iso}T10:00:00.000Z`);
    const update = (
      code: string,
      period: string,
      state: 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED',
      status = 'ON_TRACK',
      obstacles: string[] = [],
      published?: string,
    ) =>
      insertStatusUpdate(t, {
        initiativeId: ids[code],
        period,
        state,
        status,
        obstacles,
        publishedAt: published ? at(published) : undefined,
        summary: `${code} ${period}`,
      });
    await update('1.2', '2024-Q1', 'APPROVED', 'ON_TRACK', ['CAPACITY'], '2024-08-01');
    await update('1.2', '2024-Q2', 'APPROVED', 'MINOR_DELAYS', ['FUNDING', 'LEGAL'], '2024-07-08');
    await update('1.9', '2024-Q1', 'RETURNED');
    await update('1.9', '2024-Q2', 'SUBMITTED');
    await update('1.10', '2024-Q1', 'APPROVED', 'MAJOR_DELAYS', ['CAPACITY'], '2024-04-12');
    await update('1.10', '2024-Q2', 'DRAFT', 'STOPPED');
    await update('2.10', '2024-Q2', 'APPROVED', 'ON_TRACK', ['CAPACITY'], '2024-07-15');
    await update('2.10', '2024-Q3', 'APPROVED', 'COMPLETED', [], '2024-10-09');
    await update('2.1', '2023-Q4', 'APPROVED', 'NOT_STARTED', [], '2024-01-15');
    await update('2.1', '2024-Q2', 'RETURNED', 'STOPPED');
    await update('2.3', '2024-Q2', 'DRAFT', 'STOPPED');

    const other = await insertStrategy(t, { slug: 'other' });
    const otherGoal = await insertGoal(t, other.id, 1);
    ids.other = await insertInitiative(t, {
      strategyId: other.id,
      code: '1.1',
      goalIds: [otherGoal],
      executingAgencyId: agency.id,
    });
    await insertStatusUpdate(t, {
      initiativeId: ids.other,
      period: '2025-Q1',
      status: 'STOPPED',
      publishedAt: at('2025-04-02'),
    });
    await insertStrategy(t, { slug: 'empty' });
  });
  afterAll(() => t.close());

  it('groups every initiative by goal with its newest approved update up to the period', async () => {
    const { statusOverview: o } = await t.ok(OVERVIEW, { strategy: 'plan', period: '2024-Q2' });
    expect(o.strategy.slug).toBe('plan');
    expect(o.period).toBe('2024-Q2');
    expect(o.goals.map((g) => [g.goal.number, g.goal.title])).toEqual([
      [1, 'Mål en'],
      [2, 'Mål to'],
      [3, 'Mål tre'],
    ]);

    const [g1, g2, g3] = o.goals;
    const standing = (g: OverviewQuery['statusOverview']['goals'][number]) =>
      g.initiatives.map((s) => [s.initiative.code, s.status, s.upToDate, s.update?.period ?? null]);
    expect(standing(g1)).toEqual([
      ['1.2', 'MINOR_DELAYS', true, '2024-Q2'],
      ['1.9', null, false, null],
      ['1.10', 'MAJOR_DELAYS', false, '2024-Q1'],
      ['2.10', 'ON_TRACK', true, '2024-Q2'],
    ]);
    expect(standing(g2)).toEqual([
      ['2.1', 'NOT_STARTED', false, '2023-Q4'],
      ['2.3', null, false, null],
      ['2.10', 'ON_TRACK', true, '2024-Q2'],
    ]);
    expect(g3).toMatchObject({
      initiativeCount: 0,
      notReported: 0,
      initiatives: [],
      statusCounts: counts([0, 0, 0, 0, 0, 0]),
    });

    expect(g1).toMatchObject({ initiativeCount: 4, notReported: 1, statusCounts: counts([0, 1, 1, 1, 0, 0]) });
    expect(g2).toMatchObject({ initiativeCount: 3, notReported: 1, statusCounts: counts([1, 1, 0, 0, 0, 0]) });
    expect(g1.initiatives[0].initiative).toEqual({ id: ids['1.2'], code: '1.2', lifecycle: 'ACTIVE' });
    expect(g1.initiatives[0].update).toEqual({
      period: '2024-Q2',
      status: 'MINOR_DELAYS',
      summary: '1.2 2024-Q2',
      state: 'APPROVED',
      publishedAt: '2024-07-08T10:00:00.000Z',
      obstacles: ['FUNDING', 'LEGAL'],
    });
  });

  it('counts an initiative under two goals once in the strategy totals', async () => {
    const { statusOverview: o } = await t.ok(OVERVIEW, { strategy: 'plan', period: '2024-Q2' });
    expect(o.initiativeCount).toBe(6);
    expect(o.notReported).toBe(2);
    expect(o.statusCounts).toEqual(counts([1, 1, 1, 1, 0, 0]));
    expect(o.obstacleCounts).toEqual([
      { obstacle: 'CAPACITY', count: 2 },
      { obstacle: 'FUNDING', count: 1 },
      { obstacle: 'LEGAL', count: 1 },
      { obstacle: 'COORDINATION', count: 0 },
      { obstacle: 'TECHNOLOGY', count: 0 },
      { obstacle: 'COMPETENCE', count: 0 },
      { obstacle: 'OTHER', count: 0 },
    ]);
    // 1.2's 2024-Q1 update was published later (2024-08-01) but is not the one shown, so it is not counted.
    expect(o.lastPublishedAt).toBe('2024-07-15T10:00:00.000Z');
  });

  it('never shows drafts, submitted or returned updates, whoever asks', async () => {
    for (const auth of [undefined, { role: Role.ADMIN }]) {
      const { statusOverview: o } = await t.ok(OVERVIEW, { strategy: 'plan', period: '2024-Q2' }, auth);
      const states = o.goals.flatMap((g) => g.initiatives.map((s) => s.update?.state)).filter(Boolean);
      expect(new Set(states)).toEqual(new Set(['APPROVED']));
      const statuses = o.goals.flatMap((g) => g.initiatives.map((s) => s.status));
      expect(statuses).not.toContain('STOPPED');
    }
  });

  it('shows an earlier period as it stood then', async () => {
    const { statusOverview: o } = await t.ok(OVERVIEW, { strategy: 'plan', period: '2024-Q1' });
    expect(o.goals[0].initiatives.map((s) => [s.initiative.code, s.status, s.upToDate])).toEqual([
      ['1.2', 'ON_TRACK', true],
      ['1.9', null, false],
      ['1.10', 'MAJOR_DELAYS', true],
      ['2.10', null, false],
    ]);
    expect(o.notReported).toBe(3);
    expect(o.lastPublishedAt).toBe('2024-08-01T10:00:00.000Z');
  });

  it('defaults to the first-created strategy and its newest period with an approved update', async () => {
    const { statusOverview: o } = await t.ok(OVERVIEW);
    expect(o.strategy.slug).toBe('plan');
    expect(o.period).toBe('2024-Q3');
    expect(o.statusCounts).toEqual(counts([1, 0, 1, 1, 1, 0]));
    expect(o.goals[0].initiatives.map((s) => [s.initiative.code, s.upToDate])).toEqual([
      ['1.2', false],
      ['1.9', false],
      ['1.10', false],
      ['2.10', true],
    ]);
    expect(o.lastPublishedAt).toBe('2024-10-09T10:00:00.000Z');
  });

  it('defaults the period per strategy, and to the current quarter when nothing is approved', async () => {
    const other = (await t.ok(OVERVIEW, { strategy: 'other' })).statusOverview;
    expect(other).toMatchObject({
      period: '2025-Q1',
      initiativeCount: 1,
      notReported: 0,
      statusCounts: counts([0, 0, 0, 0, 0, 1]),
    });
    const empty = (await t.ok(OVERVIEW, { strategy: 'empty' })).statusOverview;
    expect(empty).toMatchObject({
      period: currentQuarter(),
      initiativeCount: 0,
      notReported: 0,
      goals: [],
      lastPublishedAt: null,
    });
  });

  it('reads the long texts the query asks for, also through fragments', async () => {
    const query =
      graphql(`query OverviewThroughFragments { statusOverview(strategy: "plan", period: "2024-Q2") { goals { initiatives { ...Standing } } } }
      fragment Standing on InitiativeStatus { initiative { code ... on Initiative { summary description } } update { ...Texts } }
      fragment Texts on StatusUpdate { summary obstacles }`);
    const { statusOverview: o } = await t.ok(query);
    expect(o.goals[0].initiatives[0]).toEqual({
      initiative: { code: '1.2', summary: 'Sammendrag for 1.2', description: 'Beskrivelse 1.2' },
      update: { summary: '1.2 2024-Q2', obstacles: ['FUNDING', 'LEGAL'] },
    });
  });

  it("hands real entities to the other modules' field resolvers", async () => {
    const query =
      graphql(`query StandingOfUpdates { statusOverview(strategy: "plan", period: "2024-Q2") { goals { initiatives {
      initiative { code goals { number } currentStatus executingAgency { name shortName } }
      update { author { subject } reviewComment submittedAt }
    } } } }`);
    const first = (o: StandingOfUpdatesQuery) =>
      o.statusOverview.goals[0].initiatives.find((s) => s.initiative.code === '2.10')!;
    const asAdmin = first(await t.ok(query, {}, { role: Role.ADMIN }));
    expect(asAdmin.initiative).toEqual({
      code: '2.10',
      goals: [{ number: 1 }, { number: 2 }],
      currentStatus: 'COMPLETED',
      executingAgency: { name: 'Digdir', shortName: 'DIGDIR' },
    });
    expect(asAdmin.update!.author).toEqual({ subject: 'fixture-owner' });
    expect(asAdmin.update!.submittedAt).toEqual(expect.any(String));
    const anonymous = first(await t.ok(query));
    expect(anonymous.update!.author).toBeNull();
    expect(anonymous.update!.reviewComment).toBeNull();
  });

  it('answers NOT_FOUND for an unknown strategy', async () => {
    const res = await t.gql(OVERVIEW, { strategy: 'no-such-plan' });
    expect(codes(res)).toEqual(['NOT_FOUND']);
    expect(res.data).toBeUndefined();
  });

  it('refuses a period that has not begun, and one before 2000-Q1', async () => {
    const future = await t.gql(OVERVIEW, { period: nextQuarter(currentQuarter()) });
    expect(codes(future)).toEqual(['BAD_USER_INPUT']);
    expect(fields(future)).toEqual(['period']);
    expect(codes(await t.gql(OVERVIEW, { period: '1999-Q4' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(OVERVIEW, { period: '2024-Q5' }))).toEqual(['BAD_USER_INPUT']);
  });
});
