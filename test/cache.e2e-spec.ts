import { graphql } from './graphql/graphql.js';
import { insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import { createTestApp, DataOf, Operation, querySource, TestApp, VariablesOfOperation } from './support/test-app.js';
import { Role } from './support/tokens.js';

const OVERVIEW = graphql(
  `query CachedOverview { statusOverview { period statusCounts { status count } goals { initiatives { status upToDate initiative { code } } } } }`,
);
const APPROVE = graphql(`mutation ApproveUpdateState($id: ID!) { approveStatusUpdate(id: $id) { id state } }`);
const REVIEWER = { role: Role.REVIEWER, sub: 'reviewer-1' };

interface HttpAnswer<T> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { extensions?: { code?: string } }[] };
}

/** GraphQL over HTTP with GET: the query (the same text `t.gql` posts) and variables in the URL. */
async function get<O extends Operation>(
  t: TestApp,
  query: O,
  variables?: VariablesOfOperation<O>,
  token?: string,
): Promise<HttpAnswer<DataOf<O>>> {
  const url = new URL(`${t.url}/graphql`);
  url.searchParams.set('query', querySource(query));
  if (variables) url.searchParams.set('variables', JSON.stringify(variables));
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, body: (await res.json()) as HttpAnswer<DataOf<O>>['body'] };
}

const statusOf = (answer: HttpAnswer<DataOf<typeof OVERVIEW>>, code: string) =>
  answer.body.data!.statusOverview.goals.flatMap((g) => g.initiatives).find((s) => s.initiative.code === code)!.status;

/** Polls until `done` holds, at most `ms`; for the notification that crosses from one instance to another. */
async function eventually<T>(work: () => Promise<T>, done: (value: T) => boolean, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await work();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('HTTP caching and the response cache', () => {
  let a: TestApp;
  let b: TestApp;
  let plan: PlanFixture;

  beforeAll(async () => {
    a = await createTestApp();
    // A second instance of the server on the same database, as behind a load balancer.
    b = await createTestApp({ databaseUrl: a.databaseUrl, dataDir: a.config.dataDir, env: { CACHE_MAX_AGE: '120' } });
    plan = await insertPlan(a, { goals: 2, initiatives: 4 });
    for (const initiativeId of plan.initiativeIds)
      await insertStatusUpdate(a, { initiativeId, period: '2024-Q1', status: 'ON_TRACK' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  describe('Cache-Control', () => {
    it('lets anyone keep an anonymous GET of a query for CACHE_MAX_AGE seconds', async () => {
      const answer = await get(a, OVERVIEW);
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.headers.get('cache-control')).toBe('public, max-age=30');
      expect(answer.headers.get('vary')).toMatch(/authorization/i);
      expect((await get(b, OVERVIEW)).headers.get('cache-control')).toBe('public, max-age=120');
    });

    it('never marks an answer to a signed-in caller public', async () => {
      const answer = await get(
        a,
        OVERVIEW,
        undefined,
        await a.token({ role: Role.OWNER, org: plan.agencies[0].orgNumber }),
      );
      expect(answer.body.errors).toBeUndefined();
      expect(answer.headers.get('cache-control')).toBe('private, no-store');
      expect(answer.headers.get('x-response-cache')).toBeNull();
    });

    it('never marks an answer with errors public', async () => {
      const notFound = await get(
        a,
        graphql(`query OverviewOfUnknownStrategy { statusOverview(strategy: "nope") { period } }`),
      );
      expect(notFound.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(notFound.headers.get('cache-control')).toBe('no-store');
      const invalid = await get(a, `{ statusOverview { nonsense } }`);
      expect(invalid.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(invalid.headers.get('cache-control')).toBe('no-store');
      const forbidden = await get(
        a,
        graphql(`query ExpectedReportsOfQ1 { reportingRound(period: "2024-Q1") { expected } }`),
      );
      expect(forbidden.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(forbidden.headers.get('cache-control')).toBe('no-store');
    });

    it('never marks a POST public, nor a mutation', async () => {
      const post = await a.gql(OVERVIEW);
      expect(post.errors).toBeUndefined();
      expect(post.headers.get('cache-control')).toBe('no-store');
      const mutationByGet = await get(
        a,
        graphql(
          `mutation ApproveUnknownUpdate { approveStatusUpdate(id: "00000000-0000-0000-0000-000000000000") { id } }`,
        ),
      );
      expect(mutationByGet.status).toBe(405);
      expect(mutationByGet.headers.get('cache-control')).not.toMatch(/public/);
    });
  });

  describe('the in-process response cache', () => {
    it('answers a repeated anonymous query from the cache, and never a signed-in one', async () => {
      const fresh = graphql(`query FreshOverview { statusOverview { period initiativeCount } }`);
      const first = await get(a, fresh);
      expect(first.headers.get('x-response-cache')).toBe('MISS');
      expect(Number(first.headers.get('x-sql-statements'))).toBeGreaterThan(0);
      const second = await get(a, fresh);
      expect(second.headers.get('x-response-cache')).toBe('HIT');
      expect(second.headers.get('x-sql-statements')).toBe('0');
      expect(second.headers.get('cache-control')).toBe('public, max-age=30');
      expect(second.headers.get('content-type')).toMatch(/^application\/json/);
      expect(second.body).toEqual(first.body);
      const viaPost = await a.gql(fresh);
      expect(viaPost.headers.get('x-response-cache')).toBe('HIT');
      expect(viaPost.headers.get('cache-control')).toBe('no-store');
      const token = await a.token({ role: Role.ADMIN });
      const signedIn = await get(a, fresh, undefined, token);
      expect(signedIn.headers.get('x-response-cache')).toBeNull();
      expect(Number(signedIn.headers.get('x-sql-statements'))).toBeGreaterThan(0);
    });

    it('answers from the cache in Apollo too when the client asks for the GraphQL media type', async () => {
      await eventually(
        () => get(a, OVERVIEW),
        (x) => x.headers.get('x-response-cache') === 'HIT',
      );
      const url = new URL(`${a.url}/graphql`);
      url.searchParams.set('query', querySource(OVERVIEW));
      const res = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
      expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      expect(res.headers.get('x-response-cache')).toBe('HIT');
      expect(((await res.json()) as { data: unknown }).data).toEqual((await get(a, OVERVIEW)).body.data);
    });

    it('keys answers by variables', async () => {
      const query = graphql(`query OverviewPeriod($period: Quarter) { statusOverview(period: $period) { period } }`);
      expect((await get(a, query, { period: '2023-Q4' })).body.data!.statusOverview.period).toBe('2023-Q4');
      expect((await get(a, query, { period: '2024-Q1' })).body.data!.statusOverview.period).toBe('2024-Q1');
      const again = await get(a, query, { period: '2023-Q4' });
      expect(again.headers.get('x-response-cache')).toBe('HIT');
      expect(again.body.data!.statusOverview.period).toBe('2023-Q4');
    });

    it('shows an approval on the same instance in the very next answer', async () => {
      const id = await insertStatusUpdate(a, {
        initiativeId: plan.initiativeIds[0],
        period: '2024-Q2',
        state: 'SUBMITTED',
        status: 'MAJOR_DELAYS',
      });
      await get(a, OVERVIEW);
      const cached = await get(a, OVERVIEW);
      expect(cached.headers.get('x-response-cache')).toBe('HIT');
      expect(cached.body.data!.statusOverview.period).toBe('2024-Q1');

      expect((await a.ok(APPROVE, { id }, REVIEWER)).approveStatusUpdate.state).toBe('APPROVED');

      const after = await get(a, OVERVIEW);
      expect(after.headers.get('x-response-cache')).toBe('MISS');
      expect(after.body.data!.statusOverview.period).toBe('2024-Q2');
      expect(statusOf(after, '1.1')).toBe('MAJOR_DELAYS');
    });

    it('shows an approval made through another instance as soon as its notification arrives', async () => {
      const id = await insertStatusUpdate(a, {
        initiativeId: plan.initiativeIds[1],
        period: '2024-Q2',
        state: 'SUBMITTED',
        status: 'STOPPED',
      });
      await a.sql(`SELECT pg_notify('plan_changed', 'test')`); // the fixture wrote behind the app's back
      await eventually(
        () => get(a, OVERVIEW),
        (x) => x.headers.get('x-response-cache') === 'HIT',
      );
      expect(statusOf(await get(a, OVERVIEW), '2.1')).toBe('ON_TRACK');

      const approvedAt = Date.now();
      expect((await b.ok(APPROVE, { id }, REVIEWER)).approveStatusUpdate.state).toBe('APPROVED');

      const after = await eventually(
        () => get(a, OVERVIEW),
        (x) => statusOf(x, '2.1') === 'STOPPED',
      );
      expect(statusOf(after, '2.1')).toBe('STOPPED');
      expect(after.headers.get('x-response-cache')).toBe('MISS');
      // Well within the cache's 30 s: the notification emptied it, not the clock.
      expect(Date.now() - approvedAt).toBeLessThan(3000);
    });

    it('is emptied by any write, not only approvals', async () => {
      const ORGANIZATIONS = graphql(`query OrganizationNumbers { organizations { orgNumber } }`);
      await eventually(
        () => get(a, ORGANIZATIONS),
        (x) => x.headers.get('x-response-cache') === 'HIT',
      );
      await b.ok(
        graphql(
          `mutation CreateDigdir { createOrganization(input: { orgNumber: "974760673", name: "Digitaliseringsdirektoratet", kind: AGENCY }) { id } }`,
        ),
        {},
        { role: Role.ADMIN },
      );
      const after = await eventually(
        () => get(a, ORGANIZATIONS),
        (x) => x.body.data!.organizations.some((o) => o.orgNumber === '974760673'),
      );
      expect(after.body.data!.organizations.map((o) => o.orgNumber)).toContain('974760673');
    });

    it('listens again after its connection is cut', async () => {
      await eventually(
        () => get(a, OVERVIEW),
        (x) => x.headers.get('x-response-cache') === 'HIT',
      );
      const killed = await a.sql(
        `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%cache-listener'`,
      );
      expect(killed.length).toBe(2); // one listener per instance
      // Back after the reconnect: answers are kept again, and writes are heard again.
      await eventually(
        () => get(a, OVERVIEW),
        (x) => x.headers.get('x-response-cache') === 'HIT',
      );
      const id = await insertStatusUpdate(a, {
        initiativeId: plan.initiativeIds[2],
        period: '2024-Q2',
        state: 'SUBMITTED',
        status: 'COMPLETED',
      });
      await b.ok(APPROVE, { id }, REVIEWER);
      const after = await eventually(
        () => get(a, OVERVIEW),
        (x) => statusOf(x, '1.2') === 'COMPLETED',
      );
      expect(statusOf(after, '1.2')).toBe('COMPLETED');
    });
  });
});
