import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Agent, request } from 'node:http';
import { freePort } from './support/pg-process.js';
import { insertPlan } from './support/plan-fixtures.js';
import { createTestDatabase } from './support/test-app.js';

const MAIN = 'dist/src/main.js';
const INITIATIVES = 200;
const CONCURRENT = 50;

/** A heavy-ish read: a page of 200 initiatives with relations, on a two-connection pool. */
const QUERY = `{ initiatives(first: 200) { totalCount edges { node { code title goals { number } executingAgency { name } partners { name } deliveries { title } latestUpdate { period } } } } }`;

interface Answer {
  status: number;
  text: string;
  connection?: string;
}

/** POSTs a GraphQL query with node:http (so the test controls the connections) and reads the whole answer. */
function post(url: string, query: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/graphql`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
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
 * SIGTERM while requests are in flight: the compiled server (as `npm run start:prod` runs it) stops taking
 * new connections, answers every request it accepted in full, then exits 0.
 */
describe('SIGTERM under load', () => {
  it('answers every accepted request completely and exits 0', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test (npm test builds first)`);
    const databaseUrl = await createTestDatabase();
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await insertPlan({ sql: async (text: string, params?: unknown[]) => (await client.query(text, params as unknown[])).rows }, { goals: 6, agencies: 20, initiatives: INITIATIVES });
    } finally {
      await client.end();
    }

    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'shutdown-')),
        MIGRATIONS_RUN: 'true',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'info',
        DB_POOL_SIZE: '2',
        RATE_LIMIT_READS: '0',
        SHUTDOWN_GRACE_MS: '20000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, child, () => output);

      // Keep-alive connections, one per request, as a busy proxy would hold them.
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENT });
      let firstAnswered!: () => void;
      const first = new Promise<void>((resolve) => (firstAnswered = resolve));
      const requests = Array.from({ length: CONCURRENT }, () => post(url, QUERY, agent).finally(() => firstAnswered()));
      await first;
      const sentAt = Date.now();
      child.kill('SIGTERM');

      // Once the server has taken the signal, a new connection is refused: nothing new is accepted.
      while (!/SIGTERM: no new requests/.test(output) && Date.now() - sentAt < 10_000) await new Promise((r) => setTimeout(r, 10));
      const late = await post(url, '{ strategies { slug } }', new Agent()).then(
        (res) => `answered ${res.status}`,
        (error: Error & { code?: string }) => error.code ?? error.message,
      );
      expect(late).toBe('ECONNREFUSED');

      const answers = await Promise.all(requests);
      expect(answers.map((a) => a.status)).toEqual(Array(CONCURRENT).fill(200));
      for (const answer of answers) {
        const body = JSON.parse(answer.text);
        expect(body.errors).toBeUndefined();
        expect(body.data.initiatives.totalCount).toBe(INITIATIVES);
        expect(body.data.initiatives.edges).toHaveLength(INITIATIVES);
      }
      // Some answers were still in flight when the signal came; they were told to close the connection.
      expect(answers.filter((a) => a.connection === 'close').length).toBeGreaterThan(0);

      expect(await exited).toBe(0);
      expect(Date.now() - sentAt).toBeLessThan(20_000);
      expect(output).toMatch(/SIGTERM: no new requests; finishing those in flight/);
      expect(output).toMatch(/Stopped cleanly/);
      agent.destroy();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
