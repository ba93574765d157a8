import { Client } from 'pg';
import { WriteRateLimiter } from '../src/hardening/index.js';
import { graphql } from './graphql/graphql.js';
import { postRaw, rawCodes, rawRequest } from './support/raw-http.js';
import { codes, createTestApp, querySource, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

// Typed operations for the calls through t.ok; the raw HTTP requests below send plain strings on purpose.
const CREATE_STRATEGY = graphql(
  'mutation CreateStrategySlug($input: CreateStrategyInput!) { createStrategy(input: $input) { id slug } }',
);
const strategyInput = (slug: string) => ({
  input: { slug, title: `Strategi ${slug}`, periodStart: 2020, periodEnd: 2025 },
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_WRITES: '3', RATE_LIMIT_READS: '1000', RATE_LIMIT_WINDOW_S: '60' } });
  });
  afterAll(() => t.close());

  it('limits writes per signed-in subject with RATE_LIMITED (HTTP 429, Retry-After) and writes nothing', async () => {
    const alice = await t.token({ role: Role.ADMIN, sub: 'alice' });
    for (let i = 0; i < 3; i++) {
      expect((await t.ok(CREATE_STRATEGY, strategyInput(`alice-${i}`), alice)).createStrategy.slug).toBe(`alice-${i}`);
    }
    const refused = await postRaw(
      t.url,
      { query: querySource(CREATE_STRATEGY), variables: strategyInput('alice-3') },
      { authorization: `Bearer ${alice}` },
    );
    expect(refused.status).toBe(429);
    expect(rawCodes(refused)).toEqual(['RATE_LIMITED']);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.json.errors[0].extensions.retryAfter).toBe(retryAfter);
    expect(await t.sql(`SELECT slug FROM strategy WHERE slug LIKE 'alice-%' ORDER BY slug`)).toEqual(
      [0, 1, 2].map((i) => ({ slug: `alice-${i}` })),
    );

    // Another subject has its own count; reads of the limited subject still work.
    const bob = await t.token({ role: Role.ADMIN, sub: 'bob' });
    expect((await t.ok(CREATE_STRATEGY, strategyInput('bob-0'), bob)).createStrategy.slug).toBe('bob-0');
    expect((await t.ok(graphql('query StrategySlugs { strategies { slug } }'), {}, alice)).strategies).toHaveLength(4);
  });

  it('counts every root field of a mutation as one write', async () => {
    const carol = await t.token({ role: Role.ADMIN, sub: 'carol' });
    const four = `mutation { ${[0, 1, 2, 3].map((i) => `s${i}: createStrategy(input: { slug: "carol-${i}", title: "C", periodStart: 2020, periodEnd: 2025 }) { id }`).join(' ')} }`;
    expect(codes(await t.gql(four, {}, carol))).toEqual(['RATE_LIMITED']);
    expect(await t.sql(`SELECT count(*)::int AS n FROM strategy WHERE slug LIKE 'carol-%'`)).toEqual([{ n: 0 }]);
  });

  it('counts the writes of a subject across instances: two instances × the limit, and the limit is all that passes', async () => {
    const other = await createTestApp({
      databaseUrl: t.databaseUrl,
      dataDir: t.config.dataDir,
      env: { RATE_LIMIT_WRITES: '3', RATE_LIMIT_READS: '1000', RATE_LIMIT_WINDOW_S: '60' },
    });
    try {
      const dave = await t.token({ role: Role.ADMIN, sub: 'dave' });
      // Three writes to each instance at once: a count per instance would let all six through.
      const answers = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((i) =>
          postRaw(
            i % 2 === 0 ? t.url : other.url,
            { query: querySource(CREATE_STRATEGY), variables: strategyInput(`dave-${i}`) },
            { authorization: `Bearer ${dave}` },
          ),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 429, 429, 429]);
      const refused = answers.filter((a) => a.status === 429);
      for (const r of refused) {
        expect(rawCodes(r)).toEqual(['RATE_LIMITED']);
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(await t.sql(`SELECT count(*)::int AS n FROM strategy WHERE slug LIKE 'dave-%'`)).toEqual([{ n: 3 }]);
      // Later writes are refused on both instances, the one that refused them and the one that did not.
      for (const url of [t.url, other.url]) {
        const again = await postRaw(
          url,
          { query: querySource(CREATE_STRATEGY), variables: strategyInput('dave-late') },
          { authorization: `Bearer ${dave}` },
        );
        expect(rawCodes(again)).toEqual(['RATE_LIMITED']);
      }
    } finally {
      await other.close();
    }
  });

  it('refuses writes with 503 SERVICE_UNAVAILABLE while the count cannot be read, and writes nothing', async () => {
    const slow = await createTestApp({
      databaseUrl: t.databaseUrl,
      dataDir: t.config.dataDir,
      env: { RATE_LIMIT_WRITES: '3', DB_STATEMENT_TIMEOUT_MS: '300' },
    });
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      const erin = await slow.token({ role: Role.ADMIN, sub: 'erin' });
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE write_rate_limit IN ACCESS EXCLUSIVE MODE');
      const refused = await postRaw(
        slow.url,
        { query: querySource(CREATE_STRATEGY), variables: strategyInput('erin-0') },
        { authorization: `Bearer ${erin}` },
      );
      expect(refused.status).toBe(503);
      expect(rawCodes(refused)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.json.errors[0].extensions.retryAfter).toBe(5);
      expect(refused.text).not.toMatch(/write_rate_limit|statement timeout|canceling/i);
      await holder.query('ROLLBACK');
      expect(await t.sql(`SELECT count(*)::int AS n FROM strategy WHERE slug LIKE 'erin-%'`)).toEqual([{ n: 0 }]);
      expect((await slow.ok(CREATE_STRATEGY, strategyInput('erin-1'), erin)).createStrategy.slug).toBe('erin-1');
    } finally {
      await holder.end();
      await slow.close();
    }
  });

  it('deletes the counts of windows that have ended', async () => {
    const short = await createTestApp({
      databaseUrl: t.databaseUrl,
      dataDir: t.config.dataDir,
      env: { RATE_LIMIT_WRITES: '3', RATE_LIMIT_WINDOW_S: '1' },
    });
    try {
      // The store keys a subject by the SHA-256 of its subject, prefixed.
      const counted = async () =>
        (
          await t.sql<{ subject: string }>(
            `SELECT s.subject FROM unnest($1::text[]) AS s(subject)
             JOIN write_rate_limit w ON w.key = 'w:' || encode(sha256(convert_to(s.subject, 'UTF8')), 'hex')
             ORDER BY 1`,
            [['frank', 'gina']],
          )
        ).map((r) => r.subject);
      await short.ok(CREATE_STRATEGY, strategyInput('frank-0'), { role: Role.ADMIN, sub: 'frank' });
      expect(await counted()).toEqual(['frank']);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await short.ok(CREATE_STRATEGY, strategyInput('gina-0'), { role: Role.ADMIN, sub: 'gina' });
      expect(await counted()).toEqual(['frank', 'gina']);
      await short.app.get(WriteRateLimiter).clearExpired(Date.now());
      // Frank's window is over and his row gone; Gina's still counts.
      expect(await counted()).toEqual(['gina']);
    } finally {
      await short.close();
    }
  });

  it('limits requests per client address', async () => {
    const r = await createTestApp({
      databaseUrl: t.databaseUrl,
      env: { RATE_LIMIT_READS: '10', RATE_LIMIT_WINDOW_S: '60' },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await postRaw(r.url, { query: '{ strategies { slug } }' })).status);
      expect(statuses).toEqual([...Array(10).fill(200), 429, 429]);
      const refused = await postRaw(r.url, { query: '{ strategies { slug } }' });
      expect(refused.json.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Health checks are not GraphQL requests and are never limited.
      expect((await rawRequest(`${r.url}/health/live`)).status).toBe(200);
    } finally {
      await r.close();
    }
  });
});

describe('cross-site requests, CORS and security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs in by bearer token only: a cookie holding a valid token gives no access', async () => {
    const token = await t.token({ role: Role.ADMIN, sub: 'cookie-monster' });
    const headers = { cookie: `token=${token}; authorization=Bearer%20${token}; access_token=${token}` };
    const me = await postRaw(t.url, { query: '{ me { subject } }' }, headers);
    expect(me.json).toEqual({ data: { me: null } });
    const audit = await postRaw(t.url, { query: '{ auditLog { totalCount } }' }, headers);
    expect(rawCodes(audit)).toEqual(['UNAUTHENTICATED']);
    const write = await postRaw(
      t.url,
      { query: querySource(CREATE_STRATEGY), variables: strategyInput('via-cookie') },
      headers,
    );
    expect(rawCodes(write)).toEqual(['UNAUTHENTICATED']);
    // The same token as a bearer token works.
    expect((await t.ok(graphql('query MeSubject { me { subject } }'), {}, token)).me!.subject).toBe('cookie-monster');
    expect(await t.sql(`SELECT count(*)::int AS n FROM strategy`)).toEqual([{ n: 0 }]);
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const res = await postRaw(t.url, { query: '{ strategies { slug } }' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await rawRequest(`${t.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('allows exactly the configured origins (CORS_ORIGINS), never with credentials', async () => {
    const c = await createTestApp({
      databaseUrl: t.databaseUrl,
      env: { CORS_ORIGINS: 'https://portal.example, https://www.digdir.example' },
    });
    try {
      const allowed = await postRaw(c.url, { query: '{ strategies { slug } }' }, { origin: 'https://portal.example' });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      const other = await postRaw(
        c.url,
        { query: '{ strategies { slug } }' },
        { origin: 'https://www.digdir.example' },
      );
      expect(other.headers.get('access-control-allow-origin')).toBe('https://www.digdir.example');
      const evil = await postRaw(c.url, { query: '{ strategies { slug } }' }, { origin: 'https://evil.example' });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();

      const preflight = await rawRequest(`${c.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://portal.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://portal.example');
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
      const evilPreflight = await rawRequest(`${c.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(evilPreflight.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await c.close();
    }
  });

  const expectSecurityHeaders = (headers: Headers) => {
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(headers.get('x-powered-by')).toBeNull();
  };

  it('puts security headers on every response: GraphQL, health, not found, refusals', async () => {
    const responses = [
      await postRaw(t.url, { query: '{ strategies { slug } }' }),
      await postRaw(t.url, { query: '{ nope }' }),
      await rawRequest(`${t.url}/graphql?query=${encodeURIComponent('{ strategies { slug } }')}`),
      await rawRequest(`${t.url}/health/live`),
      await rawRequest(`${t.url}/health/ready`),
      await rawRequest(`${t.url}/no/such/path`),
      await postRaw(t.url, '{ broken json'),
      await postRaw(t.url, { query: '{ strategies { slug } }', variables: { pad: 'x'.repeat(1_200_000) } }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 400, 200, 200, 200, 404, 400, 413]);
    for (const res of responses) {
      expectSecurityHeaders(res.headers);
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      );
    }
  });

  it('keeps introspection on', async () => {
    const data = await t.ok(graphql('query SchemaRootTypes { __schema { queryType { name } mutationType { name } } }'));
    expect(data.__schema).toEqual({ queryType: { name: 'Query' }, mutationType: { name: 'Mutation' } });
  });

  it('serves the landing page in development with its own content security policy', async () => {
    const page = await rawRequest(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('http-equiv="Content-Security-Policy"');
    expect(page.headers.get('content-security-policy')).toBeNull();
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('production errors', () => {
  const PRODUCTION = {
    NODE_ENV: 'production',
    AUTH_JWKS_URI: 'http://127.0.0.1:9/jwks.json',
    AUTH_ISSUER: 'https://issuer.example',
    AUTH_AUDIENCE: 'handlingsplan',
  };
  let prod: TestApp;
  let dev: TestApp;
  beforeAll(async () => {
    prod = await createTestApp({ env: PRODUCTION });
    dev = await createTestApp({ databaseUrl: prod.databaseUrl });
    // Break the table under the running servers, so that reading it fails inside PostgreSQL.
    await prod.sql('ALTER TABLE strategy RENAME COLUMN title TO title_gone');
  });
  afterAll(async () => {
    await prod.close();
    await dev.close();
  });

  it('tells a production caller nothing but "Internal server error" (no stack trace, SQL or internal message)', async () => {
    await dev.sql(`INSERT INTO strategy (slug, title_gone, period_start, period_end) VALUES ('s', 'S', 2020, 2025)`);
    const query = '{ strategies { slug title } }';
    const res = await postRaw(prod.url, { query });
    expect(res.json.errors).toEqual([
      {
        message: 'Internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['strategies'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    const withoutLocations = JSON.stringify(
      res.json.errors.map(({ locations: _, ...rest }: { locations: unknown }) => rest),
    );
    expect(withoutLocations).not.toMatch(/stack|title_gone|column|SELECT|"Strategy"|\.ts:|\.js:/i);
    expect(res.text).not.toMatch(/stacktrace|title_gone|SELECT/i);

    // The same failure in development names the cause (which shows the production test can fail).
    const devRes = await postRaw(dev.url, { query });
    expect(devRes.json.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(devRes.json.errors[0].message).toMatch(/column/);
  });

  it('has no landing page in production', async () => {
    const page = await rawRequest(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.text).not.toMatch(/<html|<script/i);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
});
