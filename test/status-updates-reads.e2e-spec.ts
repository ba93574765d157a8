import type { MyInitiativesPageQuery } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertOrganization, insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import { LAST_QUARTER, THIS_QUARTER, TWO_QUARTERS_AGO } from './support/status-updates.js';
import { codes, createTestApp, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

/** The reporting fields of many initiatives at once, and myInitiatives. */
describe('status updates: reads of many initiatives', () => {
  let t: TestApp;
  let small: PlanFixture;
  let large: PlanFixture;

  /** Every initiative gets an approved update two quarters ago, most one last quarter, some a draft now. */
  async function report(plan: PlanFixture) {
    for (const [i, initiativeId] of plan.initiativeIds.entries()) {
      await insertStatusUpdate(t, {
        initiativeId,
        period: TWO_QUARTERS_AGO,
        status: 'NOT_STARTED',
        authorSubject: `author-${i}`,
      });
      if (i % 4 !== 3)
        await insertStatusUpdate(t, {
          initiativeId,
          period: LAST_QUARTER,
          status: i % 2 ? 'ON_TRACK' : 'MINOR_DELAYS',
        });
      if (i % 3 === 0) await insertStatusUpdate(t, { initiativeId, period: THIS_QUARTER, state: 'DRAFT' });
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    small = await insertPlan(t, { goals: 2, agencies: 2, initiatives: 5, slug: 'liten' });
    large = await insertPlan(t, { goals: 3, agencies: 4, initiatives: 50, slug: 'stor' });
    await report(small);
    await report(large);
  });
  afterAll(() => t.close());

  graphql(`fragment ReportingFields on InitiativeConnection { edges { node { code
    latestUpdate { period author { name } initiative { code } }
    currentStatus
    statusHistory { period status }
    updates(first: 4) { totalCount edges { node { period state } } } } } }`);

  it.each([
    ['anonymous', undefined],
    ['an owner', { role: Role.OWNER, org: '974760673', sub: 'owner' }],
    ['a reviewer', { role: Role.REVIEWER, sub: 'reviewer' }],
  ])(
    'answers the reporting fields of 5 and of 50 initiatives with the same number of statements (%s)',
    async (_name, caller) => {
      const query = graphql(
        `query ReportingOfStrategyInitiatives($slug: String!) { initiatives(filter: { strategy: $slug }, first: 200) { totalCount ...ReportingFields } }`,
      );
      const five = await t.statements(query, { slug: 'liten' }, caller);
      const fifty = await t.statements(query, { slug: 'stor' }, caller);
      expect(five.data.initiatives.edges).toHaveLength(5);
      expect(fifty.data.initiatives.edges).toHaveLength(50);
      expect(fifty.count).toBe(five.count);
      expect(five.count).toBeLessThanOrEqual(12);
    },
  );

  it('answers myInitiatives with the same number of statements for 3 and 13 initiatives', async () => {
    const query = graphql(
      `query ReportingOfMyInitiatives { myInitiatives(first: 200) { totalCount ...ReportingFields } }`,
    );
    const ownerSmall = { role: Role.OWNER, org: small.agencies[0].orgNumber, sub: 'owner-small' };
    const ownerLarge = { role: Role.OWNER, org: large.agencies[0].orgNumber, sub: 'owner-large' };
    const few = await t.statements(query, {}, ownerSmall);
    const more = await t.statements(query, {}, ownerLarge);
    expect(few.data.myInitiatives.totalCount).toBe(3);
    expect(more.data.myInitiatives.totalCount).toBe(13);
    expect(more.count).toBe(few.count);
    const reviewer = await t.statements(query, {}, { role: Role.REVIEWER, sub: 'reviewer' });
    expect(reviewer.data.myInitiatives.totalCount).toBe(55);
    expect(reviewer.count).toBeLessThanOrEqual(few.count);
  });

  it('computes each initiative’s reporting fields from its own updates', async () => {
    const data = await t.ok(
      graphql(
        `query ReportingOfFirstPage($slug: String!) { initiatives(filter: { strategy: $slug }) { ...ReportingFields } }`,
      ),
      { slug: 'liten' },
      {
        role: Role.REVIEWER,
        sub: 'reviewer',
      },
    );
    const nodes = data.initiatives.edges.map((e) => e.node);
    // Initiative 1.1 (index 0): approved two and one quarter ago, a draft now.
    const first = nodes.find((n) => n.code === '1.1');
    expect(first).toEqual({
      code: '1.1',
      latestUpdate: { period: LAST_QUARTER, author: { name: null }, initiative: { code: '1.1' } },
      currentStatus: 'MINOR_DELAYS',
      statusHistory: [
        { period: TWO_QUARTERS_AGO, status: 'NOT_STARTED' },
        { period: LAST_QUARTER, status: 'MINOR_DELAYS' },
      ],
      updates: {
        totalCount: 3,
        edges: [
          { node: { period: THIS_QUARTER, state: 'DRAFT' } },
          { node: { period: LAST_QUARTER, state: 'APPROVED' } },
          { node: { period: TWO_QUARTERS_AGO, state: 'APPROVED' } },
        ],
      },
    });
    // Initiative index 3 (code 2.2): only the approved update of two quarters ago.
    const fourth = nodes.find((n) => n.code === '2.2');
    expect(fourth).toMatchObject({
      latestUpdate: { period: TWO_QUARTERS_AGO },
      currentStatus: 'NOT_STARTED',
      statusHistory: [{ period: TWO_QUARTERS_AGO, status: 'NOT_STARTED' }],
      updates: { totalCount: 2 },
    });
  });

  it('gives an initiative without approved updates no latest update, no current status and no history', async () => {
    const plan = await insertPlan(t, { goals: 1, agencies: 1, initiatives: 1, slug: 'tom' });
    await insertStatusUpdate(t, { initiativeId: plan.initiativeIds[0], period: THIS_QUARTER, state: 'SUBMITTED' });
    const data = await t.ok(
      graphql(
        `query ReportingWithoutApprovedUpdates { initiatives(filter: { strategy: "tom" }) { ...ReportingFields } }`,
      ),
    );
    expect(data.initiatives.edges[0].node).toMatchObject({
      latestUpdate: null,
      currentStatus: null,
      statusHistory: [],
      updates: { totalCount: 0, edges: [] },
    });
  });

  describe('myInitiatives', () => {
    const query = graphql(
      `query MyInitiativesPage($after: String, $first: Int = 2) { myInitiatives(first: $first, after: $after) { totalCount edges { node { code executingAgency { orgNumber } } } pageInfo { hasNextPage endCursor } } }`,
    );

    async function all(caller: TokenOptions, first = 2) {
      const codes: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let page = 0; page < 40; page++) {
        const data: MyInitiativesPageQuery = await t.ok(query, { after, first }, caller);
        total = data.myInitiatives.totalCount;
        codes.push(...data.myInitiatives.edges.map((e) => e.node.code));
        if (!data.myInitiatives.pageInfo.hasNextPage) break;
        after = data.myInitiatives.pageInfo.endCursor;
      }
      return { codes, total };
    }

    it("lists an OWNER's organisation's initiatives, in code order", async () => {
      const owner = { role: Role.OWNER, org: large.agencies[1].orgNumber, sub: 'owner-large-1' };
      const { codes: listed, total } = await all(owner);
      // Agency 1 executes initiatives 2, 6, 10, ... (every fourth from the second).
      const expected = await t.sql(`SELECT code FROM initiative WHERE executing_agency_id = $1 ORDER BY code`, [
        large.agencies[1].id,
      ]);
      expect(listed).toEqual(expected.map((row) => row.code));
      expect(total).toBe(expected.length);
      expect(total).toBeGreaterThan(10);
    });

    it('lists every initiative for a REVIEWER and an ADMIN', async () => {
      const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM initiative`);
      for (const caller of [
        { role: Role.REVIEWER, sub: 'r' },
        { role: Role.ADMIN, sub: 'a' },
      ]) {
        const { codes: listed, total } = await all(caller, 20);
        expect(total).toBe(n);
        expect(listed).toHaveLength(n);
      }
    });

    it('lists nothing for an OWNER whose organisation executes nothing or is not in the plan', async () => {
      const idle = await insertOrganization(t);
      // A claim that is no organisation number (even one with a NUL character) names no organisation.
      for (const org of [idle.orgNumber, '974760673', undefined, 'abc', '974760673\u0000']) {
        const data = await t.ok(query, {}, { role: Role.OWNER, org, sub: 'owner-idle' });
        expect(data.myInitiatives).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
      }
    });

    it('refuses a page size over 200', async () => {
      const res = await t.gql(
        graphql(`query MyInitiativesOverMaximum { myInitiatives(first: 201) { totalCount } }`),
        {},
        {
          role: Role.REVIEWER,
          sub: 'r',
        },
      );
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });
  });
});
