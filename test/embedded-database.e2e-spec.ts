import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runMigrations } from '../src/bootstrap.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { graphql } from './graphql/graphql.js';
import { startPgProcess } from './support/pg-process.js';
import { freePort, postGraphQL, startServerProcess, type ServerProcess } from './support/server-process.js';

const STRATEGY_SLUGS = graphql('query StrategySlugs { strategies { slug } }');

/** What earlier versions initialised every embedded cluster with (superuser postgres) */
const OLD_PASSWORD = 'handlingsplan-local';
const CREDENTIALS = 'embedded-db-credentials.json';

interface Credentials {
  superuser: { user: string; password: string };
  app: { user: string; password: string; database: string };
}

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

async function connect(port: number, user: string, password: string, database: string): Promise<Client> {
  const client = new Client({ host: '127.0.0.1', port, user, password, database });
  await client.connect();
  return client;
}

/** The SQLSTATE of a failed connection attempt, or 'connected' */
async function tryConnect(port: number, user: string, password: string, database = 'postgres'): Promise<string> {
  try {
    await (await connect(port, user, password, database)).end();
    return 'connected';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

async function asApp<T>(port: number, credentials: Credentials, work: (client: Client) => Promise<T>): Promise<T> {
  const { user, password, database } = credentials.app;
  const client = await connect(port, user, password, database);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Objects of the public schema (extensions' members aside) that the connected role does not own */
const NOT_OWNED = `
  SELECT count(*)::int AS n FROM (
    SELECT oid, 'pg_class'::regclass AS catalog FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
    UNION ALL SELECT oid, 'pg_proc'::regclass FROM pg_proc
      WHERE pronamespace = 'public'::regnamespace AND proowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
    UNION ALL SELECT oid, 'pg_collation'::regclass FROM pg_collation
      WHERE collnamespace = 'public'::regnamespace AND collowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
  ) o WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.catalog AND d.objid = o.oid AND d.deptype = 'e')`;

/**
 * The embedded PostgreSQL that `npm start` runs, through the compiled server as a child process: no known
 * password and no superuser for the application; a start after the server was killed; a failed start that
 * says why; and a data directory of an earlier version that moves to the new scheme.
 */
describe('the embedded database of the server process', () => {
  const root = mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'embedded-'));
  const dataDir = join(root, 'data');
  let dbPort: number;
  const started: ServerProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startServerProcess({ LOG_LEVEL: 'info', NODE_ENV: 'development', ...env });
    started.push(server);
    return server;
  };
  const readCredentials = (dir: string): Credentials => JSON.parse(readFileSync(join(dir, CREDENTIALS), 'utf8'));

  beforeAll(async () => {
    dbPort = await freePort();
  });
  afterAll(() => {
    for (const server of started) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    // A failed test may leave a PostgreSQL of its own cluster running without its server.
    for (const dir of [dataDir, join(root, 'old')]) {
      try {
        const pid = Number(readFileSync(join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join(dir, 'pg'))) process.kill(pid, 'SIGINT');
      } catch {
        // stopped, as it should be
      }
    }
  });

  const fresh = () => ({ DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(dbPort) });
  let first: ServerProcess;
  let credentials: Credentials;
  let events: number;
  const countEvents = () =>
    asApp(
      dbPort,
      credentials,
      async (client) => (await client.query('SELECT count(*)::int AS n FROM audit_event')).rows[0].n,
    );

  it('keeps random passwords in a mode-600 file and serves as a role that is no superuser', async () => {
    first = await start(fresh());
    const path = join(dataDir, CREDENTIALS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir).sort()).toEqual(['dev-signing-key.json', CREDENTIALS, 'pg']);
    credentials = readCredentials(dataDir);
    const passwords = [credentials.superuser.password, credentials.app.password];
    expect(new Set(passwords).size).toBe(2);
    for (const password of passwords) expect(password.length).toBeGreaterThanOrEqual(32);

    // Random, so no file of the repository (sources, compiled server, scripts) holds them.
    const files = [
      ...execFileSync('git', ['ls-files', '-z']).toString().split('\0').filter(Boolean),
      ...readdirSync('dist', { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name)),
    ];
    expect(files.length).toBeGreaterThan(100);
    const holding = files.filter((file) => {
      const text = readFileSync(file);
      return passwords.some((password) => text.includes(password));
    });
    expect(holding).toEqual([]);

    // The application's own role: no superuser, member of no role, so no COPY ... TO PROGRAM.
    const role = await asApp(dbPort, credentials, async (client) => {
      const { rows } = await client.query(
        `SELECT current_user AS name, current_database() AS database, rolsuper, rolcreaterole, rolcreatedb,
                rolreplication, rolbypassrls, (SELECT count(*)::int FROM pg_auth_members WHERE member = r.oid) AS memberships
         FROM pg_roles r WHERE rolname = current_user`,
      );
      const copy = await client.query(`COPY (SELECT 1) TO PROGRAM 'true'`).then(
        () => 'ran',
        (error: { code?: string; message: string }) => `${error.code} ${error.message}`,
      );
      const notOwned = (await client.query(NOT_OWNED)).rows[0].n;
      return { ...rows[0], copy, notOwned };
    });
    expect(role).toEqual({
      name: 'handlingsplan',
      database: 'handlingsplan',
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
      memberships: 0,
      copy: expect.stringMatching(/^42501 permission denied/),
      notOwned: 0,
    });
    expect(await tryConnect(dbPort, 'postgres', OLD_PASSWORD)).toBe('28P01');
    expect(await tryConnect(dbPort, 'postgres', credentials.superuser.password)).toBe('connected');
    events = await countEvents();
    expect(events).toBeGreaterThan(0); // the demo data
  }, 120_000);

  it('starts again on the same data directory after the server was killed with SIGKILL', async () => {
    // Killed without a chance to stop its PostgreSQL, which runs on alone and holds the cluster and port.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await portOpen(dbPort)).toBe(true);

    const second = await start(fresh());
    expect(second.output()).toMatch(/left behind by a server that ended without stopping it/);
    const strategies = await postGraphQL(second.url, STRATEGY_SLUGS);
    expect(strategies.data!.strategies).toEqual([{ slug: 'en-digital-offentlig-sektor' }]);
    expect(readCredentials(dataDir)).toEqual(credentials);
    expect(await countEvents()).toBe(events);
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(await portOpen(dbPort)).toBe(false);
  }, 120_000);

  it('says in words why it cannot start when the port of the embedded database is taken', async () => {
    const port = await freePort();
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => squatter.once('error', reject).listen(port, '127.0.0.1', resolve));
    try {
      // The cluster of the tests above, which is stopped: only the port stands in the way.
      const failure = await start({ DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(port) }).then(
        () => 'started',
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/^The server exited \(1\)/);
      expect(failure).toContain(`Start failed: The embedded PostgreSQL under ${join(dataDir, 'pg')} did not start`);
      expect(failure).toContain(`port ${port} on 127.0.0.1 is taken by another program`);
      expect(failure).toMatch(/EMBEDDED_DB_PORT/);
      expect(failure).toMatch(/Address already in use/); // PostgreSQL's own line
      expect(failure).not.toMatch(/undefined/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 60_000);

  it('stops its PostgreSQL when the start fails after it, e.g. on a taken HTTP port', async () => {
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => squatter.once('error', reject).listen(0, resolve));
    const { port } = squatter.address() as import('node:net').AddressInfo;
    try {
      const failure = await start({ DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(dbPort), PORT: String(port) }).then(
        () => 'started',
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/^The server exited \(1\)[\s\S]*Start failed: .*EADDRINUSE/);
      expect(await portOpen(dbPort)).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 60_000);

  it('names the credentials file when it is missing, and makes no new one that fits nothing', async () => {
    const path = join(dataDir, CREDENTIALS);
    const saved = readFileSync(path);
    rmSync(path);
    try {
      const failure = await start({ DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(dbPort) }).then(
        () => 'started',
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/^The server exited \(1\)/);
      expect(failure).toContain(`${path} is missing, and the embedded database under it was made with the passwords`);
      expect(existsSync(path)).toBe(false);
      expect(await portOpen(dbPort)).toBe(false); // its PostgreSQL was stopped on the way out
    } finally {
      writeFileSync(path, saved, { mode: 0o600 });
    }
  }, 60_000);

  it('moves a data directory of an earlier version to random passwords and a role of its own', async () => {
    const oldDir = join(root, 'old');
    const port = await freePort();
    // What earlier versions made: superuser postgres with the well-known password, the tables in `postgres`.
    const old = await startPgProcess(oldDir, port, { password: OLD_PASSWORD });
    try {
      const ds = new DataSource(
        dataSourceOptions({ url: old.adminUrl, poolSize: 2, statementTimeoutMs: 30000, connectTimeoutMs: 5000 }),
      );
      await ds.initialize();
      try {
        await runMigrations(ds);
        await ds.query(
          `INSERT INTO strategy (slug, title, period_start, period_end) VALUES ('gammel-plan', 'Gammel plan', 2020, 2025)`,
        );
      } finally {
        await ds.destroy();
      }
    } finally {
      await old.stop();
    }

    const server = await start({ DATA_DIR: oldDir, EMBEDDED_DB_PORT: String(port), DEMO_DATA: 'false' });
    expect(server.output()).toMatch(/well-known superuser password/);
    expect(server.output()).toMatch(/Moved the application's tables from the database postgres/);
    const strategies = await postGraphQL(server.url, STRATEGY_SLUGS);
    expect(strategies.data!.strategies).toEqual([{ slug: 'gammel-plan' }]);

    // It writes as the new role: tables it did not make are now its own.
    const token = execFileSync(process.execPath, ['dist/scripts/token.js', '--role', 'admin'], {
      env: { ...process.env, DATA_DIR: oldDir },
    })
      .toString()
      .trim();
    const created = await postGraphQL(
      server.url,
      graphql(
        `mutation CreateNyPlan { createStrategy(input: { slug: "ny-plan", title: "Ny plan", periodStart: 2026, periodEnd: 2030 }) { slug } }`,
      ),
      token,
    );
    expect(created).toEqual({ data: { createStrategy: { slug: 'ny-plan' } } });

    const credentials = readCredentials(oldDir);
    expect(statSync(join(oldDir, CREDENTIALS)).mode & 0o777).toBe(0o600);
    const state = await asApp(port, credentials, async (client) => ({
      superuser: (await client.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0].rolsuper,
      notOwned: (await client.query(NOT_OWNED)).rows[0].n,
      strategies: (await client.query('SELECT slug FROM strategy ORDER BY slug')).rows.map((row) => row.slug),
    }));
    expect(state).toEqual({ superuser: false, notOwned: 0, strategies: ['gammel-plan', 'ny-plan'] });
    expect(await tryConnect(port, 'postgres', OLD_PASSWORD)).toBe('28P01');
    expect(await tryConnect(port, 'postgres', credentials.superuser.password)).toBe('connected');
    expect(await server.stop('SIGTERM')).toBe(0);

    // The move is done once; the next start finds nothing left to move.
    const again = await start({ DATA_DIR: oldDir, EMBEDDED_DB_PORT: String(port), DEMO_DATA: 'false' });
    expect(again.output()).not.toMatch(/well-known superuser password|Moved the application's tables|ownership of/);
    expect(await again.stop('SIGTERM')).toBe(0);
  }, 240_000);
});
