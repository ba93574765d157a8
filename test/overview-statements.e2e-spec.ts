import { PortalDocument } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertNumberedInitiatives, insertPlan, PlanFixture } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/** The portal's query: the benchmark's bench/portal.graphql, typed by `npm run codegen`. */
const PORTAL = PortalDocument;
const ROUND = graphql(`query RoundCounts($period: Quarter!) {
  reportingRound(period: $period) { expected drafts submitted approved returned missing { id code title lifecycle } }
}`);

/**
 * Adds `count` ACTIVE initiatives (every fifth also under a second goal) with updates for 2024-Q1..Q3, most
 * APPROVED, some SUBMITTED, DRAFT or RETURNED, in a handful of set-based statements.
 */
async function grow(t: TestApp, plan: PlanFixture, from: number, count: number): Promise<void> {
  await insertNumberedInitiatives(t, plan, from, count);
  await t.sql(
    `INSERT INTO status_update (initiative_id, period, status, summary, obstacles, state, author_subject, submitted_at, reviewed_at, published_at, progress_percent)
     SELECT i.id, p.period, (ARRAY['NOT_STARTED','ON_TRACK','MINOR_DELAYS','MAJOR_DELAYS','COMPLETED','STOPPED'])[1 + (x.n + p.k) % 6],
       'Status ' || p.period, CASE WHEN x.n % 4 = 0 THEN ARRAY['CAPACITY','FUNDING']::varchar[] ELSE '{}' END,
       s.state, 'owner', now(), now(), CASE WHEN s.state = 'APPROVED' THEN now() END, (x.n * 7) % 101
     FROM initiative i
     JOIN LATERAL (SELECT substring(i.code from 3)::int AS n) x ON true
     CROSS JOIN (VALUES ('2024-Q1', 1), ('2024-Q2', 2), ('2024-Q3', 3)) p(period, k)
     JOIN LATERAL (SELECT (ARRAY['APPROVED','APPROVED','APPROVED','SUBMITTED','DRAFT','RETURNED'])[1 + (x.n * p.k) % 6] AS state) s ON true
     WHERE i.strategy_id = $1 AND i.code LIKE '9.%' AND x.n BETWEEN $2 AND $3`,
    [plan.strategyId, from, from + count - 1],
  );
}

describe('overview and round: a fixed number of SQL statements whatever the size of the plan', () => {
  let t: TestApp;
  let plan: PlanFixture;

  beforeAll(async () => {
    // The response cache would answer repeated anonymous queries without any statement at all.
    t = await createTestApp({ env: { RESPONSE_CACHE_TTL: '0' } });
    plan = await insertPlan(t, { goals: 3, agencies: 4, initiatives: 0 });
  });
  afterAll(() => t.close());

  it('runs as many statements with 200 initiatives as with 10', async () => {
    await grow(t, plan, 1, 10);
    const small = await t.statements(PORTAL, {});
    const smallRound = await t.statements(ROUND, { period: '2024-Q2' }, { role: Role.REVIEWER });
    expect(small.data.statusOverview.initiativeCount).toBe(10);

    await grow(t, plan, 11, 190);
    const large = await t.statements(PORTAL, {});
    const largeRound = await t.statements(ROUND, { period: '2024-Q2' }, { role: Role.REVIEWER });
    expect(large.data.statusOverview.initiativeCount).toBe(200);
    expect(large.data.statusOverview.goals.flatMap((g) => g.initiatives)).toHaveLength(200 + 40);
    expect(largeRound.data.reportingRound.expected).toBe(200);
    expect(largeRound.data.reportingRound.missing.length).toBeGreaterThan(50);

    expect(small.count).toBeGreaterThan(0);
    expect(large.count).toBe(small.count);
    expect(largeRound.count).toBe(smallRound.count);
    // the strategy with its goals and default period; the initiatives with their updates and every count;
    // the executing agencies (one batch through the organizationById loader)
    expect(large.count).toBe(3);
    expect(largeRound.count).toBe(2);
  });

  it('computes the counts the same way the rows say', async () => {
    const { data } = await t.statements(PORTAL, { period: '2024-Q2' });
    const o = data.statusOverview;
    const shown = new Map<string, (typeof o.goals)[number]['initiatives'][number]>();
    for (const g of o.goals) {
      for (const s of g.initiatives) shown.set(s.initiative.id, s);
      expect(g.initiativeCount).toBe(g.initiatives.length);
      for (const { status, count } of g.statusCounts)
        expect(count).toBe(g.initiatives.filter((s) => s.status === status).length);
    }
    expect(shown.size).toBe(200);
    expect(o.notReported).toBe([...shown.values()].filter((s) => s.status === null).length);
    for (const { status, count } of o.statusCounts)
      expect(count).toBe([...shown.values()].filter((s) => s.status === status).length);
    const published = [...shown.values()]
      .map((s) => s.update?.publishedAt)
      .filter(Boolean)
      .sort();
    expect(o.lastPublishedAt).toBe(published[published.length - 1]);
    expect(o.notReported).toBeGreaterThan(0);
    expect([...shown.values()].some((s) => s.update && !s.upToDate)).toBe(true);
  });
});
