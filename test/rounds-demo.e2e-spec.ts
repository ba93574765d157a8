import { currentQuarter } from '../src/common/quarter.js';
import { readDemoData } from '../src/demo/demo-data.js';
import { graphql } from './graphql/graphql.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/** The demo data's rounds: past quarters closed with their published reports, the current one open. */
describe('reporting rounds of the demo data', () => {
  let t: TestApp;
  const data = readDemoData();
  const current = currentQuarter();
  const past = [...new Set(data.statusUpdates.map((u) => u.period))]
    .filter((p) => p < current)
    .sort()
    .reverse();

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('has closed rounds with due dates for the past quarters and an OPEN one for the current quarter', async () => {
    expect(past.length).toBeGreaterThan(1);
    const { reportingRounds } = await t.ok(
      graphql(`query DemoRounds { reportingRounds { period state dueDate message } }`),
      {},
      {
        role: Role.REVIEWER,
      },
    );
    expect(reportingRounds[0]).toMatchObject({ period: current, state: 'OPEN' });
    expect(reportingRounds.slice(1).map((r) => [r.period, r.state])).toEqual(past.map((p) => [p, 'CLOSED']));
    for (const round of reportingRounds) {
      expect(round.dueDate! > round.period.slice(0, 4)).toBe(true);
      expect(round.message).toMatch(/skal leveres innen/);
    }
    expect((await t.ok(graphql(`query PublishedPeriods { publishedPeriods }`))).publishedPeriods).toEqual(past);
  });

  it('publishes each closed quarter’s report and shows a timeline with history', async () => {
    const report = await t.ok(
      graphql(
        `query DemoPublishedReport($p: Quarter!) { publishedReport(period: $p) { period initiativeCount notReported reportClosedAt goals { initiatives { status } } } }`,
      ),
      { p: past[0] },
    );
    expect(report.publishedReport).toMatchObject({ period: past[0], initiativeCount: data.initiatives.length });
    expect(report.publishedReport!.reportClosedAt).not.toBeNull();
    const shown = report.publishedReport!.goals.flatMap((g) => g.initiatives);
    expect(shown.some((s) => s.status !== null)).toBe(true);

    const { statusTimeline } = await t.ok(
      graphql(`query DemoTimeline { statusTimeline { period notReported initiativeCount } }`),
    );
    const reported = statusTimeline.map((p) => p.initiativeCount - p.notReported);
    expect(statusTimeline.length).toBeGreaterThan(past.length);
    expect(reported[0]).toBe(0);
    expect(Math.max(...reported)).toBeGreaterThan(0);
  });
});
