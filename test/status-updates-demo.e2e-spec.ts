import { readDemoData } from '../src/demo/demo-data.js';
import { graphql } from './graphql/graphql.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/** The demo data's updates load through the workflow, in their states. */
describe('status updates of the demo data', () => {
  let t: TestApp;
  const data = readDemoData();

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('loads every update in its state, the approved ones published', async () => {
    const rows = await t.sql(
      `SELECT i.code, su.period, su.status, su.state, su.summary, su.obstacles, su.progress_percent, su.published_at, su.author_subject, su.reviewer_subject
       FROM status_update su JOIN initiative i ON i.id = su.initiative_id`,
    );
    expect(rows).toHaveLength(data.statusUpdates.length);
    expect(rows).toHaveLength(48);
    for (const item of data.statusUpdates) {
      const row = rows.find((r) => r.code === item.initiative && r.period === item.period);
      expect(row).toMatchObject({
        status: item.status,
        state: item.state,
        summary: item.summary,
        obstacles: item.obstacles,
        progress_percent: item.progressPercent ?? null,
        author_subject: 'demo-loader',
      });
      expect(row.published_at !== null).toBe(item.state === 'APPROVED');
      if (item.state === 'APPROVED') expect(row.reviewer_subject).toBe('demo-reviewer');
    }
  });

  it("records each initiative's current status from its newest approved quarter", async () => {
    const initiatives = await t.sql(`SELECT code, current_status, current_status_period, lifecycle FROM initiative`);
    for (const initiative of initiatives) {
      const approved = data.statusUpdates
        .filter((u) => u.initiative === initiative.code && u.state === 'APPROVED')
        .sort((a, b) => (a.period < b.period ? 1 : -1));
      expect({
        code: initiative.code,
        status: initiative.current_status,
        period: initiative.current_status_period,
      }).toEqual({
        code: initiative.code,
        status: approved[0]?.status ?? null,
        period: approved[0]?.period ?? null,
      });
      if (approved.some((u) => u.status === 'COMPLETED')) expect(initiative.lifecycle).toBe('COMPLETED');
    }
  });

  it('shows the published history to anonymous callers and the open updates to reviewers', async () => {
    const slug = data.strategy.slug;
    const query =
      graphql(`query ReportingOfDemoInitiatives($slug: String!) { initiatives(filter: { strategy: $slug }, first: 200) { edges { node { code
      currentStatus latestUpdate { period status author { subject } } statusHistory { period status } updates { totalCount } } } } }`);
    const anonymous = await t.ok(query, { slug });
    const staff = await t.ok(query, { slug }, { role: Role.REVIEWER, sub: 'someone' });
    const count = (nodes: { node: { updates: { totalCount: number } } }[]) =>
      nodes.reduce((sum, e) => sum + e.node.updates.totalCount, 0);
    expect(count(anonymous.initiatives.edges)).toBe(45);
    expect(count(staff.initiatives.edges)).toBe(48);
    const one = anonymous.initiatives.edges.find((e) => e.node.code === '1.1')!.node;
    const history = data.statusUpdates
      .filter((u) => u.initiative === '1.1' && u.state === 'APPROVED')
      .map((u) => ({ period: u.period, status: u.status }));
    expect(one.statusHistory).toEqual(history);
    expect(one.latestUpdate).toEqual({ ...history.at(-1), author: null });
    expect(one.currentStatus).toBe(history.at(-1)!.status);

    const queue = await t.ok(
      graphql(`query DemoReviewQueue { reviewQueue { totalCount edges { node { initiative { code } period } } } }`),
      {},
      { role: Role.REVIEWER, sub: 'someone' },
    );
    expect(queue.reviewQueue.totalCount).toBe(data.statusUpdates.filter((u) => u.state === 'SUBMITTED').length);
  });
});
