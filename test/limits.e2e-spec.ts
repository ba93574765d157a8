import { getIntrospectionQuery } from 'graphql';
import { postRaw, rawCodes, rawRequest, sqlStatements } from './support/raw-http.js';
import { codes, createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/**
 * `organization(orgNumber) { parent { parent { ... name } } }` with `depth` fields on its one path (the
 * root field and the leaf included: that is how the limit counts), one object per level.
 */
function nested(depth: number): string {
  let inner = 'name';
  for (let level = 3; level <= depth; level++) inner = `parent { ${inner} }`;
  return `{ organization(orgNumber: "974760673") { ${inner} } }`;
}

/** What a portal's list page asks for: a page of initiatives with every relation. */
const PAGE_WITH_RELATIONS = (first: number | string) => `query Page($after: String) {
  initiatives(first: ${first}, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id code title summary description lifecycle startDate plannedEndDate currentStatus updatedAt version
      strategy { slug title }
      goals { id number title }
      focusArea { slug title }
      lifeEvents { slug title }
      responsibleMinistry { orgNumber name }
      executingAgency { orgNumber name shortName }
      partners { orgNumber name }
      contacts { name email role }
      links { title url }
      deliveries { title dueDate state overdue }
      latestUpdate { period status summary publishedAt }
      statusHistory { period status }
      updates(first: 4) { totalCount edges { node { period status state } } }
    } }
  }
}`;

describe('query limits (depth, aliases, cost, batches), before any SQL runs', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A budget of 20,000 objects: the fan-out below must be refused by a small budget too.
    t = await createTestApp({ env: { LIMIT_QUERY_COST: '20000' } });
  });
  afterAll(() => t.close());

  it('refuses a query nested 15 deep with BAD_USER_INPUT and runs no SQL; 10 deep is fine', async () => {
    const refused = await postRaw(t.url, { query: nested(15) });
    expect(refused.status).toBe(400);
    expect(rawCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.json.errors[0].message).toBe('The query is nested 15 levels deep; at most 10 are allowed');
    expect(sqlStatements(refused)).toBe(0);

    const allowed = await postRaw(t.url, { query: nested(10) });
    expect(allowed.status).toBe(200);
    expect(allowed.json).toEqual({ data: { organization: null } });
    expect(sqlStatements(allowed)).toBeGreaterThan(0);
  });

  it('counts depth through fragments and inline fragments', async () => {
    const query = `query { organization(orgNumber: "974760673") { ...A } }
      fragment A on Organization { parent { ... on Organization { parent { ...B } } } }
      fragment B on Organization { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } }`;
    const res = await postRaw(t.url, { query });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].message).toBe('The query is nested 12 levels deep; at most 10 are allowed');
  });

  it('refuses 500 aliases (and 500 root fields) before any SQL; 100 are fine', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: strategies { slug }`).join(' ')} }`;
    const refused = await postRaw(t.url, { query: aliased(500) });
    expect(refused.status).toBe(400);
    expect(rawCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.json.errors[0].message).toBe('The operation has 500 root fields; at most 100 are allowed');
    expect(sqlStatements(refused)).toBe(0);

    const nestedAliases = `{ strategies { ${Array.from({ length: 500 }, (_, i) => `s${i}: slug`).join(' ')} } }`;
    const alsoRefused = await postRaw(t.url, { query: nestedAliases });
    expect(alsoRefused.status).toBe(400);
    expect(alsoRefused.json.errors[0].message).toBe('The operation uses 500 aliases; at most 100 are allowed');
    expect(sqlStatements(alsoRefused)).toBe(0);

    const allowed = await postRaw(t.url, { query: aliased(100) });
    expect(allowed.status).toBe(200);
    expect(Object.keys(allowed.json.data)).toHaveLength(100);
  });

  it('refuses a batch of 200 operations before parsing any; a batch of one is served', async () => {
    const batch = Array.from({ length: 200 }, () => ({ query: '{ strategies { slug } }' }));
    const refused = await postRaw(t.url, batch);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(rawCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.json.errors[0].message).toBe('The request batches 200 operations; at most 1 is allowed per request');
    expect(sqlStatements(refused)).toBe(0);

    const single = await postRaw(t.url, [{ query: '{ strategies { slug } }' }]);
    expect(single.status).toBe(200);
    expect(single.json).toEqual([{ data: { strategies: [] } }]);
  });

  it('lets a page of 200 initiatives with their relations through the cost limit, refuses a deeper fan-out', async () => {
    const page = await postRaw(t.url, { query: PAGE_WITH_RELATIONS(200) });
    expect(page.json.errors).toBeUndefined();
    expect(page.json.data.initiatives.totalCount).toBe(0);

    const viaVariable = await postRaw(t.url, {
      query: PAGE_WITH_RELATIONS('$first').replace('($after: String)', '($after: String, $first: Int)'),
      variables: { first: 200 },
    });
    expect(viaVariable.json.errors).toBeUndefined();

    // Every initiative's goals' key figures' values and each goal's own initiatives: far more than a page.
    const fanOut = `{ initiatives(first: 200) { edges { node { goals { indicators { values { year value } }
      initiatives(first: 200) { edges { node { partners { name } } } } } } } } }`;
    const refused = await postRaw(t.url, { query: fanOut });
    expect(refused.status).toBe(400);
    expect(rawCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.json.errors[0].message).toMatch(
      /^The query could return about \d+ objects; at most 20000 are allowed/,
    );
    expect(sqlStatements(refused)).toBe(0);
  });

  it('gives fragment bombs no time: the walk stops early and the query is refused', async () => {
    // Each fragment spreads the next twice: 2^30 field visits if walked naively.
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on Strategy { slug ...F${i + 1} ...F${i + 1} }`,
    );
    fragments.push('fragment F30 on Strategy { slug }');
    const query = `{ strategies { ...F0 } } ${fragments.join(' ')}`;
    const started = Date.now();
    const res = await postRaw(t.url, { query });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.status).toBe(400);
    expect(sqlStatements(res)).toBe(0);
  });

  it('serves the standard introspection query but refuses introspection loops', async () => {
    const standard = await postRaw(t.url, {
      query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }),
    });
    expect(standard.status).toBe(200);
    expect(standard.json.data.__schema.types.length).toBeGreaterThan(20);

    const loop = '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
    const refused = await postRaw(t.url, { query: loop });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].message).toBe('The introspection query nests 4 lists; at most 3 are allowed');
  });

  it('refuses documents with too many tokens', async () => {
    const query = `{ strategies { ${Array.from({ length: 6_000 }, () => 'slug').join(' ')} } }`;
    const res = await postRaw(t.url, { query });
    expect(res.status).toBe(400);
    expect(rawCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.json.errors[0].message).toMatch(/more th.. 5000 tokens/i);
    expect(sqlStatements(res)).toBe(0);
  });

  it('answers 413 with a JSON error for a body over 1 MB, and refuses a 1 MB summary cleanly', async () => {
    const big = await postRaw(t.url, { query: '{ strategies { slug } }', variables: { pad: 'x'.repeat(1_100_000) } });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toMatch(/^application\/json/);
    expect(big.json).toEqual({
      errors: [{ message: 'The request body is larger than the limit of 1mb', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect(big.headers.get('x-content-type-options')).toBe('nosniff');

    const token = await t.token({ role: Role.ADMIN, sub: 'big-writer' });
    const summary = 'Ø'.repeat(1024 * 1024);
    const mutation = 'mutation($input: CreateStrategyInput!) { createStrategy(input: $input) { id } }';
    const res = await postRaw(
      t.url,
      {
        query: mutation,
        variables: { input: { slug: 'stor', title: 'Stor', periodStart: 2020, periodEnd: 2025, description: summary } },
      },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(413);
    expect(rawCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(await t.sql('SELECT count(*)::int AS n FROM strategy')).toEqual([{ n: 0 }]);
  });

  it('answers JSON that does not parse with 400 and a JSON error', async () => {
    const res = await postRaw(t.url, '{"query": "{ strategies { slug } }"');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }],
    });
  });

  it('keeps working with plain GET queries (no CSRF preflight header needed)', async () => {
    const res = await rawRequest(`${t.url}/graphql?query=${encodeURIComponent('{ strategies { slug } }')}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { strategies: [] } });
  });

  it('lets a configured batch size through and refuses one over it', async () => {
    const b = await createTestApp({
      databaseUrl: t.databaseUrl,
      env: { LIMIT_BATCH: '5', LIMIT_QUERY_DEPTH: '3', LIMIT_ALIASES: '2', LIMIT_QUERY_COST: '10' },
    });
    try {
      const five = await postRaw(
        b.url,
        Array.from({ length: 5 }, () => ({ query: '{ strategies { slug } }' })),
      );
      expect(five.status).toBe(200);
      expect(five.json).toHaveLength(5);
      const six = await postRaw(
        b.url,
        Array.from({ length: 6 }, () => ({ query: '{ strategies { slug } }' })),
      );
      expect(six.status).toBe(400);
      expect(six.json.errors[0].message).toBe('The request batches 6 operations; at most 5 are allowed per request');

      expect(codes(await b.gql(nested(4)))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await b.gql('{ a: strategies { slug } b: strategies { slug } c: strategies { slug } }'))).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect((await b.gql('{ initiatives(first: 11) { totalCount } }')).errors?.[0].message).toMatch(
        /at most 10 are allowed/,
      );
      expect((await b.gql('{ initiatives(first: 9) { totalCount } }')).errors).toBeUndefined();
    } finally {
      await b.close();
    }
  });
});
