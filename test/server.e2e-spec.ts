import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphql } from './graphql/graphql.js';
import { freePort, postGraphQL, startServerProcess, type ServerProcess } from './support/server-process.js';

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.on('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * `npm start` as a newcomer runs it: the compiled server with the embedded PostgreSQL under a data
 * directory, the demo loaded once, a token from `npm run token`, a clean stop on SIGTERM, and a second
 * start that keeps the data.
 */
describe('the server process with its embedded database', () => {
  const dataDir = mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'server-'));
  let dbPort: number;
  const env = () => ({
    DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: String(dbPort),
    LOG_LEVEL: 'info',
    NODE_ENV: 'development',
  });

  const started: ServerProcess[] = [];
  const start = async (extra: Record<string, string> = {}, timeoutMs?: number) => {
    const server = await startServerProcess({ ...env(), ...extra }, timeoutMs);
    started.push(server);
    return server;
  };

  beforeAll(async () => {
    dbPort = await freePort();
  });
  afterAll(() => {
    for (const server of started) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('starts, loads the demo once, logs JSON without tokens, stops cleanly and keeps the data', async () => {
    const first = await start();
    const token = execFileSync(process.execPath, ['dist/scripts/token.js', '--role', 'admin', '--sub', 'ada'], {
      env: { ...process.env, DATA_DIR: dataDir },
    })
      .toString()
      .trim();
    expect(token.split('.')).toHaveLength(3);

    const counts = async (url: string) =>
      (await postGraphQL(url, graphql('query FirstAuditEvent { auditLog(first: 1) { totalCount } }'), token)).data!
        .auditLog.totalCount;
    const firstCount = await counts(first.url);
    expect(firstCount).toBeGreaterThan(0); // the demo was written through the services, with audit events

    const strategies = await postGraphQL(
      first.url,
      graphql('query StrategyGoalNumbers { strategies { slug goals { number } } }'),
    );
    expect(strategies.data!.strategies).toEqual([
      { slug: 'en-digital-offentlig-sektor', goals: [1, 2, 3, 4, 5, 6].map((number) => ({ number })) },
    ]);

    const stopStarted = Date.now();
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(Date.now() - stopStarted).toBeLessThan(10000);
    expect(await portOpen(dbPort)).toBe(false); // the embedded PostgreSQL stopped with it

    const logLines = first
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    const requestLog = logLines.map((line) => JSON.parse(line)).find((entry) => entry.req?.url === '/graphql');
    expect(requestLog?.req?.id).toEqual(expect.any(String));
    expect(first.output()).not.toContain(token);
    expect(first.output()).not.toContain(token.split('.')[2]);

    const second = await start();
    expect(await counts(second.url)).toBe(firstCount); // same data, demo not loaded again
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 120000);

  it('logs every line of a request with its request id, and never its token or cookies', async () => {
    const server = await start({ LOG_LEVEL: 'debug' });
    const secretToken = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2VjcmV0LXNpZ25hdHVyZS14eXo';
    const send = (headers: Record<string, string>) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${secretToken}`,
          cookie: 'session=cookie-secret-4711',
          ...headers,
        },
        body: JSON.stringify({ query: '{ me { subject } }' }),
      });
    const given = await send({ 'x-request-id': 'trace-given-42' });
    expect(given.headers.get('x-request-id')).toBe('trace-given-42');
    const made = await send({ 'x-request-id': 'not a usable id' });
    const madeId = made.headers.get('x-request-id');
    expect(madeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await server.stop('SIGTERM')).toBe(0);

    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    for (const id of ['trace-given-42', madeId]) {
      // The refused token is logged by AuthService while the request runs: bound to that request.
      expect(lines).toContainEqual(
        expect.objectContaining({
          context: 'AuthService',
          msg: expect.stringMatching(/^Bearer token refused/),
          req: { id, method: 'POST', url: '/graphql' },
        }),
      );
      expect(lines).toContainEqual(
        expect.objectContaining({ msg: 'request completed', req: { id, method: 'POST', url: '/graphql' } }),
      );
    }
    // The readiness polls of startServerProcess are not logged.
    expect(lines.filter((line) => line.req?.url?.startsWith('/health'))).toEqual([]);
    // Lines outside a request carry no request.
    expect(lines).toContainEqual(expect.objectContaining({ context: 'Main', msg: expect.stringMatching(/^SIGTERM/) }));
    expect(lines.find((line) => line.context === 'Main')?.req).toBeUndefined();
    for (const secret of [secretToken, secretToken.split('.')[2], 'cookie-secret-4711']) {
      expect(server.output()).not.toContain(secret);
    }
  }, 120000);

  it('refuses to start with a bad configuration, naming the variable', async () => {
    await expect(start({ PORT: '3000', MIGRATIONS_RUN: 'maybe' }, 10000)).rejects.toThrow(/MIGRATIONS_RUN/);
    await expect(start({ NODE_ENV: 'production' }, 10000)).rejects.toThrow(/AUTH_JWKS_URI/);
    const provider = { AUTH_JWKS_URI: 'http://127.0.0.1:9/jwks.json', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' };
    await expect(start({ NODE_ENV: 'production', ...provider }, 10000)).rejects.toThrow(
      /DATABASE_URL is unset: the embedded database is for development/,
    );
  });
});
