import { ResponseCache } from '../src/cache/response-cache.js';
import { DocumentCache } from '../src/graphql/document-cache.js';
import { postRaw, rawCodes, rawRequest } from './support/raw-http.js';
import { insertLargePlan } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/**
 * Distinct documents cannot pile up in memory (finding 3), and nobody but a committed write empties the
 * response cache (finding 5).
 */
describe('documents and answers kept in memory are bounded by bytes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { LIMIT_QUERY_SIZE: '10000', DOCUMENT_CACHE_BYTES: '4000000', RESPONSE_CACHE_BYTES: '2000000' },
    });
  });
  afterAll(() => t.close());

  it('refuses a document padded past LIMIT_QUERY_SIZE before parsing it, by GET and POST', async () => {
    const padded = `{ __typename } # ${'x'.repeat(900_000)}`;
    const post = await postRaw(t.url, { query: padded });
    expect(post.status).toBe(400);
    expect(rawCodes(post)).toEqual(['BAD_USER_INPUT']);
    expect(post.json.errors[0].message).toBe('The query document is 900017 characters long; at most 10000 are allowed');
    const get = await rawRequest(
      `${t.url}/graphql?query=${encodeURIComponent(`{ __typename } # ${'y'.repeat(12_000)}`)}`,
    );
    expect(get.status).toBe(400);
    expect(rawCodes(get)).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps parsed documents and anonymous answers within their bytes, keys and comments counted', async () => {
    const documents = t.app.get(DocumentCache).documents;
    const answers = t.app.get(ResponseCache);
    // 1,000 distinct documents of 9,000 characters (under the limit): 9 MB of text, many times the bounds.
    for (let i = 0; i < 1000; i++) {
      const res = await postRaw(t.url, { query: `{ __typename } # ${i} ${'z'.repeat(9_000)}` });
      expect(res.json).toEqual({ data: { __typename: 'Query' } });
    }
    expect(documents.bytes).toBeGreaterThan(0);
    expect(documents.bytes).toBeLessThanOrEqual(2_000_000);
    expect(answers.size).toBeGreaterThan(0);
    expect(answers.bytes).toBeLessThanOrEqual(2_000_000);
    // A real query still parses and answers.
    expect((await postRaw(t.url, { query: '{ strategies { slug } }' })).json).toEqual({ data: { strategies: [] } });
  });
});

describe('only a committed write empties the response cache', () => {
  let t: TestApp;
  const OVERVIEW = '{ statusOverview { period initiativeCount } }';
  beforeAll(async () => {
    t = await createTestApp();
    await insertLargePlan(t, { initiatives: 5, period: '2024-Q1' });
  });
  afterAll(() => t.close());

  const get = (query: string) => rawRequest(`${t.url}/graphql?query=${encodeURIComponent(query)}`);
  const cached = async () => (await get(OVERVIEW)).headers.get('x-response-cache');

  it('stays full through anonymous, refused and empty mutations', async () => {
    await get(OVERVIEW);
    expect(await cached()).toBe('HIT');
    const attempts: [string, Record<string, string>][] = [
      ['mutation { __typename }', {}],
      ['mutation { createStrategy(input: { slug: "x", title: "X", periodStart: 2020, periodEnd: 2025 }) { id } }', {}],
      [
        'mutation { approveStatusUpdate(id: "00000000-0000-0000-0000-000000000000") { id } }',
        { authorization: `Bearer ${await t.token({ role: Role.REVIEWER })}` },
      ],
      [
        'mutation { createStrategy(input: { slug: "Not A Slug", title: "X", periodStart: 2020, periodEnd: 2025 }) { id } }',
        { authorization: `Bearer ${await t.token({ role: Role.ADMIN })}` },
      ],
    ];
    for (const [query, headers] of attempts) {
      const res = await postRaw(t.url, { query }, headers);
      expect(res.status).toBeLessThan(500);
      expect(await cached()).toBe('HIT');
    }
  });

  it('is emptied by a committed write, before its answer is sent', async () => {
    await get(OVERVIEW);
    expect(await cached()).toBe('HIT');
    const admin = await t.token({ role: Role.ADMIN });
    const created = await postRaw(
      t.url,
      {
        query:
          'mutation { createStrategy(input: { slug: "ny", title: "Ny", periodStart: 2020, periodEnd: 2025 }) { id } }',
      },
      { authorization: `Bearer ${admin}` },
    );
    expect(created.json.errors).toBeUndefined();
    expect(await cached()).toBe('MISS');
  });
});
