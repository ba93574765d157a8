import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { Client } from 'pg';
import { graphql } from './graphql/graphql.js';
import { createDatabaseOn, freePort, PgProcess, startPgProcess } from './support/pg-process.js';
import { postRaw, rawCodes, rawRequest } from './support/raw-http.js';
import { codes, createTestApp, GraphQLResponse, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const CREATE_STRATEGY = graphql(
  'mutation CreateStrategySlug($input: CreateStrategyInput!) { createStrategy(input: $input) { id slug } }',
);
const STRATEGY_SLUGS = graphql('query StrategySlugs { strategies { slug } }');
const strategyInput = (slug: string) => ({
  input: { slug, title: `Strategi ${slug}`, periodStart: 2020, periodEnd: 2025 },
});
const CONNECT_TIMEOUT_MS = 2000;

/** Rows and audit events, read with a client of its own (not the app's pool). */
async function snapshot(databaseUrl: string) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const strategies = (await client.query(`SELECT id, slug FROM strategy ORDER BY slug`)).rows as {
      id: string;
      slug: string;
    }[];
    const events = (
      await client.query(`SELECT entity_id FROM audit_event WHERE action = 'strategy.create' ORDER BY entity_id`)
    ).rows.map((r) => r.entity_id as string);
    return { strategies, events };
  } finally {
    await client.end();
  }
}

/**
 * The database goes away under a running server and comes back, on the same port and data directory.
 * PostgreSQL runs in a child process (test/support/pg-server.mjs) so the test can stop and start it.
 */
describe('the database goes away and comes back', () => {
  const dir = mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'faults-'));
  let port: number;
  let pg: PgProcess;
  let t: TestApp;
  let databaseUrl: string;
  let admin: string;

  beforeAll(async () => {
    port = await freePort();
    pg = await startPgProcess(dir, port);
    databaseUrl = await createDatabaseOn(pg.adminUrl);
    t = await createTestApp({
      databaseUrl,
      env: {
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_STATEMENT_TIMEOUT_MS: '5000',
        DB_POOL_SIZE: '5',
        RATE_LIMIT_WRITES: '0',
      },
    });
    admin = await t.token({ role: Role.ADMIN, sub: 'fault-admin' });
  }, 120_000);

  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await pg?.stop();
  });

  it('fails fast with SERVICE_UNAVAILABLE while it is away, says 503 on /health/ready, stays up, and serves again within 30 s', async () => {
    // Committed before the outage.
    for (const slug of ['for-1', 'for-2', 'for-3'])
      expect((await t.ok(CREATE_STRATEGY, strategyInput(slug), admin)).createStrategy.slug).toBe(slug);

    // Writers keep writing while the database stops: each write either commits whole or not at all.
    const duringResults: GraphQLResponse<ResultOf<typeof CREATE_STRATEGY>>[] = [];
    let stopped = false;
    const writer = async (w: number) => {
      for (let i = 0; !stopped || i < 1000; i++) {
        const res = await t.gql(CREATE_STRATEGY, strategyInput(`under-${w}-${i}`), admin);
        duringResults.push(res);
        if (stopped && res.errors) return;
      }
    };
    const writers = [0, 1, 2, 3, 4, 5].map(writer);
    // Stop it once some writes have committed (however busy the machine), with others in flight.
    const since = Date.now();
    while (duringResults.filter((r) => !r.errors).length < 6 && Date.now() - since < 20_000)
      await new Promise((r) => setTimeout(r, 10));
    await pg.stop();
    stopped = true;
    await Promise.all(writers);
    for (const res of duringResults) {
      if (res.errors) expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(res.status).toBeLessThan(500);
    }
    expect(duringResults.filter((r) => !r.errors).length).toBeGreaterThanOrEqual(6);
    expect(duringResults.filter((r) => r.errors).length).toBeGreaterThanOrEqual(6);

    // While it is away: reads and writes fail fast with a clear code; the process answers.
    for (const send of [
      () => t.gql(STRATEGY_SLUGS),
      () => t.gql(CREATE_STRATEGY, strategyInput('away'), admin),
      () => t.gql(graphql('query InitiativeCount { initiatives(first: 5) { totalCount } }')),
    ]) {
      const started = Date.now();
      const res = await send();
      const took = Date.now() - started;
      expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(res.errors![0].message).toBe('The database is not available right now; try again shortly');
      expect(JSON.stringify(res.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
      expect(took).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    }
    const readyStarted = Date.now();
    const ready = await rawRequest(`${t.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(Date.now() - readyStarted).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);
    expect((await rawRequest(`${t.url}/health/live`)).status).toBe(200);
    // Requests that need no database still work.
    expect((await postRaw(t.url, { query: '{ __typename }' })).json).toEqual({ data: { __typename: 'Query' } });

    // It comes back on the same port and data; the server serves again without a restart.
    pg = await startPgProcess(dir, port);
    const back = Date.now();
    let served = false;
    while (Date.now() - back < 30_000) {
      const res = await t.gql(STRATEGY_SLUGS);
      if (!res.errors) {
        served = true;
        break;
      }
      expect(codes(res)).toEqual(['SERVICE_UNAVAILABLE']);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(served).toBe(true);
    expect(Date.now() - back).toBeLessThan(30_000);
    expect((await rawRequest(`${t.url}/health/ready`)).status).toBe(200);

    // Nothing committed is lost, and no write is half done: every strategy has its audit event and
    // every audit event its strategy; every write that answered success is there, 'away' is not.
    const { strategies, events } = await snapshot(databaseUrl);
    const slugs = strategies.map((s) => s.slug);
    expect(slugs).toEqual(expect.arrayContaining(['for-1', 'for-2', 'for-3']));
    expect(slugs).not.toContain('away');
    expect([...events].sort()).toEqual(strategies.map((s) => s.id).sort());
    for (const res of duringResults) if (!res.errors) expect(slugs).toContain(res.data!.createStrategy.slug);

    // And writes work again.
    expect((await t.ok(CREATE_STRATEGY, strategyInput('after'), admin)).createStrategy.slug).toBe('after');
    expect(rawCodes(await postRaw(t.url, { query: '{ strategies { slug } }' }))).toEqual([]);
  }, 120_000);
});
