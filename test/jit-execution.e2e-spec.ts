import { postRaw, RawResponse } from './support/raw-http.js';
import { insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

/**
 * Compiled execution (graphql-jit) answers exactly as graphql-js does: each query is sent three times; the
 * first is executed by graphql-js, the others compiled (x-execution: jit), and every answer is the same.
 * An answer with errors is executed by Apollo again, so errors look as they always did.
 */
describe('queries executed by graphql-jit', () => {
  let t: TestApp;
  let plan: PlanFixture;
  beforeAll(async () => {
    t = await createTestApp({ env: { RESPONSE_CACHE_TTL: '0' } });
    plan = await insertPlan(t, { goals: 3, agencies: 2, initiatives: 9 });
    for (const [i, id] of plan.initiativeIds.entries()) {
      await insertStatusUpdate(t, { initiativeId: id, period: '2024-Q1', status: i % 2 ? 'MINOR_DELAYS' : 'ON_TRACK' });
      if (i % 3 === 0) await insertStatusUpdate(t, { initiativeId: id, period: '2024-Q2', state: 'DRAFT' });
    }
  });
  afterAll(() => t.close());

  const owner = (): TokenOptions => ({ role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'jit-owner' });

  const cases: [string, string, Record<string, unknown>, (() => TokenOptions) | undefined][] = [
    [
      'the portal overview with fragments, aliases and variables',
      `query Overview($period: Quarter, $withUpdate: Boolean!) {
        o: statusOverview(period: $period) { period initiativeCount notReported lastPublishedAt
          statusCounts { status count } obstacleCounts { obstacle count }
          goals { goal { number title } initiativeCount ...Standing }
        }
      }
      fragment Standing on GoalOverview {
        initiatives { status upToDate update @include(if: $withUpdate) { period summary publishedAt progressPercent }
          initiative { ... on Initiative { id code title lifecycle executingAgency { name shortName } } } }
      }`,
      { period: '2024-Q1', withUpdate: true },
      undefined,
    ],
    [
      'a listing with connections, cursors and @skip',
      `query Listing($first: Int, $skipGoals: Boolean!) {
        initiatives(first: $first, orderBy: TITLE) { totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { code title startDate updatedAt version currentStatus
            goals @skip(if: $skipGoals) { number initiatives(first: 2) { totalCount edges { node { code } } } }
            latestUpdate { period status obstacles } statusHistory { period status }
            updates(first: 3) { totalCount edges { node { period state author { subject } } } } } } }
      }`,
      { first: 5, skipGoals: false },
      undefined,
    ],
    [
      'what an owner sees (drafts of their own organisation, authors, e-mails)',
      `query Mine { myInitiatives(first: 20) { totalCount edges { node { code contacts { name email }
        updates(first: 5) { edges { node { period state reviewComment author { subject name } } } } } } } me { subject roles } }`,
      {},
      owner,
    ],
    [
      'strategies with goals, key figures and introspection of a type',
      `query Plan { strategies { slug title periodStart goals { number title indicators { name unit trend { direction } }
        latestAssessment { level } } } __type(name: "DeliveryStatus") { name enumValues { name } } }`,
      {},
      undefined,
    ],
  ];

  const send = (query: string, variables: Record<string, unknown>, token?: string) =>
    postRaw(t.url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});

  it.each(cases)('%s', async (_name, query, variables, viewer) => {
    const token = viewer ? await t.token(viewer()) : undefined;
    const answers: RawResponse[] = [];
    for (let i = 0; i < 3; i++) answers.push(await send(query, variables, token));
    expect(answers.map((a) => a.headers.get('x-execution'))).toEqual([null, 'jit', 'jit']);
    expect(answers[0].json.errors).toBeUndefined();
    expect(answers[1].json).toEqual(answers[0].json);
    expect(answers[2].json).toEqual(answers[0].json);
  });

  it('leaves an answer with errors to Apollo, so errors stay as they are', async () => {
    const query = `query Broken($id: ID!) { statusUpdate(id: $id) { id } reviewQueue(first: 500) { totalCount } }`;
    const token = await t.token({ role: Role.REVIEWER });
    const answers: RawResponse[] = [];
    for (let i = 0; i < 3; i++) answers.push(await send(query, { id: plan.initiativeIds[0] }, token));
    expect(answers.map((a) => a.headers.get('x-execution'))).toEqual([null, null, null]);
    expect(answers[0].json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(answers[2].json).toEqual(answers[0].json);
  });
});
