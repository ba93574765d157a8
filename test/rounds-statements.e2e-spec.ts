import { PortalDocument, PublishedReportDocument } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertNumberedInitiatives, insertPlan, PlanFixture } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/**
 * The portal's query and the same of a published report: the benchmark's bench/portal.graphql and
 * bench/published-report.graphql, typed by `npm run codegen`.
 */
const PORTAL = PortalDocument;
const PUBLISHED = PublishedReportDocument;
const TIMELINE = graphql(`query TimelineOfRange($from: Quarter, $to: Quarter) {
  statusTimeline(from: $from, to: $to) { period initiativeCount notReported statusCounts { status count } obstacleCounts { obstacle count } }
}`);
const ROUNDS = graphql(
  `query RoundsWithCounts { reportingRounds { period state dueDate late expected drafts submitted approved returned missing { code } } }`,
);

/**
 * Adds `count` ACTIVE initiatives (every fifth also under a second goal) with an update for each quarter
 * from 2015-Q1 to 2024-Q4, most APPROVED, in three set-based statements.
 */
async function grow(t: TestApp, plan: PlanFixture, from: number, count: number): Promise<void> {
  await insertNumberedInitiatives(t, plan, from, count);
  await t.sql(
    `INSERT INTO status_update (initiative_id, period, status, summary, obstacles, state, author_subject, submitted_at,
                                first_submitted_at, reviewed_at, published_at)
     SELECT i.id, p.period, (ARRAY['NOT_STARTED','ON_TRACK','MINOR_DELAYS','MAJOR_DELAYS','COMPLETED','STOPPED'])[1 + (x.n + p.k) % 6],
       'Status ' || p.period, CASE WHEN (x.n + p.k) % 4 = 0 THEN ARRAY['CAPACITY','FUNDING']::varchar[] ELSE '{}' END,
       s.state, 'owner', now(), now(), now(), CASE WHEN s.state = 'APPROVED' THEN now() END
     FROM initiative i
     JOIN LATERAL (SELECT substring(i.code from 3)::int AS n) x ON true
     CROSS JOIN (SELECT y || '-Q' || q AS period, y * 4 + q AS k FROM generate_series(2015, 2024) y, generate_series(1, 4) q) p
     JOIN LATERAL (SELECT (ARRAY['APPROVED','APPROVED','APPROVED','SUBMITTED','DRAFT','RETURNED'])[1 + (x.n * p.k) % 6] AS state) s ON true
     WHERE i.strategy_id = $1 AND i.code LIKE '9.%' AND x.n BETWEEN $2 AND $3`,
    [plan.strategyId, from, from + count - 1],
  );
}

describe('rounds: a fixed number of SQL statements whatever the range and the size of the plan', () => {
  let t: TestApp;
  let plan: PlanFixture;
  const admin = { role: Role.ADMIN, sub: 'admin-ada' };

  const close = async (period: string) => {
    await t.ok(
      graphql(
        `mutation OpenRoundOfPeriod($p: Quarter!) { openReportingRound(input: { period: $p, dueDate: "2025-01-01" }) { period } }`,
      ),
      { p: period },
      admin,
    );
    await t.ok(
      graphql(`mutation CloseRoundOfPeriod($p: Quarter!) { closeReportingRound(period: $p) { period } }`),
      { p: period },
      admin,
    );
  };

  beforeAll(async () => {
    // The response cache would answer repeated anonymous queries without any statement at all.
    t = await createTestApp({ env: { RESPONSE_CACHE_TTL: '0' } });
    plan = await insertPlan(t, { goals: 3, agencies: 4, initiatives: 0 });
  });
  afterAll(() => t.close());

  it('runs as many statements for 2 and 40 quarters, with 10 and with 200 initiatives', async () => {
    await grow(t, plan, 1, 10);
    await close('2024-Q2');
    const small = {
      short: await t.statements(TIMELINE, { from: '2024-Q3', to: '2024-Q4' }),
      long: await t.statements(TIMELINE, { from: '2015-Q1', to: '2024-Q4' }),
      report: await t.statements(PUBLISHED, { period: '2024-Q2' }),
      rounds: await t.statements(ROUNDS, {}, admin),
    };
    expect(small.short.data.statusTimeline).toHaveLength(2);
    expect(small.long.data.statusTimeline).toHaveLength(40);
    expect(small.report.data.publishedReport!.initiativeCount).toBe(10);

    await grow(t, plan, 11, 190);
    await close('2024-Q3');
    await close('2024-Q1');
    const large = {
      short: await t.statements(TIMELINE, { from: '2024-Q3', to: '2024-Q4' }),
      long: await t.statements(TIMELINE, { from: '2015-Q1', to: '2024-Q4' }),
      report: await t.statements(PUBLISHED, { period: '2024-Q3' }),
      rounds: await t.statements(ROUNDS, {}, admin),
    };
    expect(large.long.data.statusTimeline.every((p) => p.initiativeCount === 200)).toBe(true);
    expect(large.report.data.publishedReport!.initiativeCount).toBe(200);
    expect(large.report.data.publishedReport!.goals.flatMap((g) => g.initiatives)).toHaveLength(200 + 40);
    expect(large.rounds.data.reportingRounds).toHaveLength(3);

    // the strategy with its default period; every quarter's counts
    for (const run of [small.short, small.long, large.short, large.long]) expect(run.count).toBe(2);
    // the strategy with the report's counts and goals; the entries; the executing agencies in one batch
    expect(small.report.count).toBe(3);
    expect(large.report.count).toBe(3);
    // the rounds; their counts; their missing initiatives; their late counts
    expect(small.rounds.count).toBe(4);
    expect(large.rounds.count).toBe(4);
  });

  it('answers a published report with the live overview’s figures at the close, and the timeline with its counts', async () => {
    const live = await t.statements(PORTAL, { period: '2024-Q3' });
    const report = await t.statements(PUBLISHED, { period: '2024-Q3' });
    const { reportClosedAt, ...frozen } = report.data.publishedReport!;
    expect(reportClosedAt).not.toBeNull();
    expect(frozen).toEqual(live.data.statusOverview);
    expect(live.count).toBe(3);

    const { data } = await t.statements(TIMELINE, { from: '2015-Q1', to: '2024-Q4' });
    for (const period of ['2015-Q1', '2019-Q3', '2024-Q3']) {
      const overview = (await t.statements(PORTAL, { period })).data.statusOverview;
      const entry = data.statusTimeline.find((p) => p.period === period);
      expect(entry).toMatchObject({
        initiativeCount: overview.initiativeCount,
        notReported: overview.notReported,
        statusCounts: overview.statusCounts,
      });
    }
  });
});
