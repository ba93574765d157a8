import { postRaw, rawRequest } from './support/raw-http.js';
import { createTestApp, TestApp } from './support/test-app.js';

const QUERY = '{ strategies { slug } }';
const getUrl = (t: TestApp, query = QUERY) => `${t.url}/graphql?query=${encodeURIComponent(query)}`;
const varyOf = (headers: Headers) =>
  (headers.get('vary') ?? '')
    .split(',')
    .map((field) => field.trim().toLowerCase())
    .filter(Boolean);

describe('Vary on answers a shared cache may keep', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://portal.example.no' } });
  });
  afterAll(() => t.close());

  it('names Accept, since the media type of the answer depends on it', async () => {
    // The same URL gives another media type for another Accept: a cache must not serve one for the other.
    const graphqlMedia = await rawRequest(getUrl(t, '{ strategies { title } }'), {
      headers: { accept: 'application/graphql-response+json' },
    });
    const plainJson = await rawRequest(getUrl(t, '{ strategies { title } }'), {
      headers: { accept: 'application/json' },
    });
    expect(graphqlMedia.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(plainJson.headers.get('content-type')).toMatch(/^application\/json/);
    for (const res of [graphqlMedia, plainJson]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/^public/);
      expect(varyOf(res.headers)).toEqual(expect.arrayContaining(['accept', 'authorization']));
    }
  });

  it('names Accept on an answer from the response cache too, and keeps the Origin of CORS', async () => {
    const first = await rawRequest(getUrl(t), { headers: { origin: 'https://portal.example.no' } });
    const second = await rawRequest(getUrl(t), { headers: { origin: 'https://portal.example.no' } });
    expect([first.headers.get('x-response-cache'), second.headers.get('x-response-cache')]).toEqual(['MISS', 'HIT']);
    for (const res of [first, second]) {
      expect(res.headers.get('access-control-allow-origin')).toBe('https://portal.example.no');
      expect(varyOf(res.headers)).toEqual(expect.arrayContaining(['origin', 'accept', 'authorization']));
    }
  });
});

describe('x-sql-statements', () => {
  const production = {
    NODE_ENV: 'production',
    // Never fetched: no request here carries a token.
    AUTH_JWKS_URI: 'http://127.0.0.1:9/jwks.json',
    AUTH_ISSUER: 'https://login.example.no',
    AUTH_AUDIENCE: 'handlingsplan',
  };

  it('is not sent unless configured (here in production), on answers from Apollo and from the response cache', async () => {
    const t = await createTestApp({ env: { ...production, SQL_STATEMENTS_HEADER: '' } });
    try {
      expect(t.config.sqlStatementsHeader).toBe(false);
      const answers = [
        await postRaw(t.url, { query: QUERY }),
        await rawRequest(getUrl(t)),
        await rawRequest(getUrl(t)),
        await postRaw(t.url, { query: '{ nope }' }),
      ];
      expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 400]);
      expect(answers[2].headers.get('x-response-cache')).toBe('HIT');
      for (const res of answers) expect(res.headers.get('x-sql-statements')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('is sent with SQL_STATEMENTS_HEADER=true, as the benchmark sets it', async () => {
    const t = await createTestApp({ env: { ...production, SQL_STATEMENTS_HEADER: 'true' } });
    try {
      expect((await postRaw(t.url, { query: QUERY })).headers.get('x-sql-statements')).toBe('1');
      await rawRequest(getUrl(t));
      const hit = await rawRequest(getUrl(t));
      expect(hit.headers.get('x-response-cache')).toBe('HIT');
      expect(hit.headers.get('x-sql-statements')).toBe('0');
    } finally {
      await t.close();
    }
  });
});
