import type { ResultOf } from '@graphql-typed-document-node/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Agent, request } from 'node:http';
import { graphql, querySource } from './graphql/graphql.js';
import { freePort } from './support/pg-process.js';
import { insertPlan } from './support/plan-fixtures.js';
import { createTestDatabase, type GraphQLResponse } from './support/test-app.js';

const MAIN = 'dist/src/main.js';
const INITIATIVES = 200;
const CONCURRENT = 50;

/** A heavy-ish read: a page of 200 initiatives with relations, on a two-connection pool. */
const HEAVY = graphql(
  `query HeavyInitiativesPage { initiatives(first: 200) { totalCount edges { node { code title goals { number } executingAgency { name } partners { name } deliveries { title } latestUpdate { period } } } } }`,
);
const QUERY = querySource(HEAVY);

interface Answer {
  status: number;
  text: string;
  connection?: string;
}

/** POSTs a GraphQL query with node:http (so the test controls the connections) and reads the whole answer. */
function post(url: string, query: string, agent: Agent, n: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/graphql`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // A variable of its own (that the query does not use): identical concurrent requests would share one
    // answer (src/cache/shared-answers.middleware.ts) and leave nothing in flight for the signal to find.
    req.end(JSON.stringify({ query, variables: { request: n } }));
  });
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The server did not become ready:\n${output()}`);
}

/**
 * SIGTERM while requests are in flight: the compiled server (as `npm run start:prod` runs it) answers every
 * request on every connection it has (or that its clients count as made), says 503 on readiness, stops
 * listening once it is idle, then exits 0.
 */
describe('SIGTERM under load', () => {
  it('answers every accepted request completely and exits 0', async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run \`npm run build\` before this test (npm test builds first)`);
    const databaseUrl = await createTestDatabase();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await insertPlan(
        { sql: async (text: string, params?: unknown[]) => (await client.query(text, params as unknown[])).rows },
        { goals: 6, agencies: 20, initiatives: INITIATIVES },
      );
    } finally {
      await client.end();
    }

    const port = await freePort();
    const dataDir = mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'shutdown-'));
    // The server logs to a file, not a pipe: a pipe that this (busy) test process reads late would block
    // the server's synchronous log writes and stall its event loop.
    const logFile = join(dataDir, 'server.log');
    const logFd = openSync(logFile, 'w');
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        DATA_DIR: dataDir,
        MIGRATIONS_RUN: 'true',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'info',
        DB_POOL_SIZE: '2',
        // Requests queue for the two connections; on a busy machine that can take longer than the default
        // 3 s the pool waits before it answers SERVICE_UNAVAILABLE, which is not what this test is about.
        DB_CONNECT_TIMEOUT_MS: '60000',
        RATE_LIMIT_READS: '0',
        SHUTDOWN_GRACE_MS: '20000',
      },
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    const output = () => readFileSync(logFile, 'utf8');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, child, output);

      // Keep-alive connections, one per request, as a busy proxy would hold them.
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENT });
      let firstAnswered!: () => void;
      const first = new Promise<void>((resolve) => (firstAnswered = resolve));
      const requests = Array.from({ length: CONCURRENT }, (_, n) =>
        post(url, QUERY, agent, n).finally(() => firstAnswered()),
      );
      await first;
      const sentAt = Date.now();
      child.kill('SIGTERM');

      // While it drains, readiness says 503 (so a load balancer stops sending) and a new connection is either
      // still answered in full (the listener stays open until the server is idle) or refused; never cut.
      while (!/SIGTERM: no new requests/.test(output()) && Date.now() - sentAt < 10_000)
        await new Promise((r) => setTimeout(r, 10));
      const ready = await fetch(`${url}/health/ready`).then(
        (res) => res.status,
        (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
      );
      expect([503, 'ECONNREFUSED']).toContain(ready);
      const late = await post(
        url,
        querySource(graphql('query StrategySlugs { strategies { slug } }')),
        new Agent(),
        CONCURRENT,
      ).then(
        (res) =>
          res.status === 200 && JSON.parse(res.text).data
            ? 'answered'
            : `answered ${res.status} ${res.text.slice(0, 100)}`,
        (error: Error & { code?: string }) => error.code ?? error.message,
      );
      expect(['answered', 'ECONNREFUSED']).toContain(late);
      const settled = await Promise.allSettled(requests);
      const failed = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length) {
        const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 5000))]);
        const lines = output().split('\n');
        const answered = lines.filter((line) => line.includes('"statusCode":200')).length;
        const said = lines
          .filter((line) => !line.includes('"statusCode":200'))
          .slice(-6)
          .join('\n');
        throw new Error(
          `${failed.length} of ${CONCURRENT} requests failed (${[...new Set(failed.map((f) => (f.reason as Error).message))].join(', ')}); ` +
            `the server logged ${answered} answers, exited ${code} and said:\n${said}`,
        );
      }
      const answers = settled.map((r) => (r as PromiseFulfilledResult<Answer>).value);
      expect(answers.map((a) => a.status)).toEqual(Array(CONCURRENT).fill(200));
      for (const answer of answers) {
        const body = JSON.parse(answer.text) as Pick<GraphQLResponse<ResultOf<typeof HEAVY>>, 'data' | 'errors'>;
        expect(body.errors).toBeUndefined();
        expect(body.data!.initiatives.totalCount).toBe(INITIATIVES);
        expect(body.data!.initiatives.edges).toHaveLength(INITIATIVES);
      }
      // Some answers were still in flight when the signal came; they were told to close the connection.
      expect(answers.filter((a) => a.connection === 'close').length).toBeGreaterThan(0);

      expect(await exited).toBe(0);
      expect(Date.now() - sentAt).toBeLessThan(20_000);
      expect(output()).toMatch(/SIGTERM: no new requests; finishing those in flight/);
      expect(output()).toMatch(/Stopped cleanly/);
      agent.destroy();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
