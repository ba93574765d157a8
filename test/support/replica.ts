import { mkdirSync, mkdtempSync } from 'node:fs';
import { chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { makeStandby, startPostgres, type RunningPostgres } from './base-backup.mjs';
import { createDatabaseOn, freePort, type PgProcess, startPgProcess } from './pg-process.js';

/** The prefix of each line the replica logs: the session's application_name, then `|`. */
const LOG_PREFIX = '%a|';

/** A streaming replica (hot standby) on 127.0.0.1, made by a base backup of the primary. */
export interface StreamingReplica {
  port: number;
  /** The replica's data directory */
  dir: string;
  /** `url` of the primary, pointed at the replica (same database, user and password) */
  urlOf(primaryUrl: string): string;
  /** Starts it (again, on the same data directory and port); resolves once it accepts read-only connections */
  start(): Promise<void>;
  /** Fast shutdown; resolves once it is gone */
  stop(): Promise<void>;
  readonly running: boolean;
  /**
   * The statements sessions named `applicationName` sent it since the test began (every statement is
   * logged: log_statement = all), each with its continuation lines.
   */
  statements(applicationName: string): string[];
  /**
   * Resolves once every statement the replica logged before this call has reached `statements` (a marker
   * statement sent now comes through the same pipe after them).
   */
  logFlushed(timeoutMs?: number): Promise<void>;
  /** Runs one statement on the replica as the superuser */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface PrimaryWithReplica {
  primary: PgProcess;
  /** The application's database on the primary, migrated before the backup (so the replica has it too) */
  databaseUrl: string;
  /** The same database on the replica */
  replicaUrl: string;
  replica: StreamingReplica;
  /** Runs one statement on the primary's application database as the superuser */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs one statement on the replica's copy of the application database */
  replicaSql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** Waits until the primary's pg_stat_replication shows the replica streaming and it has replayed all it has */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function query<T>(url: string, text: string, params?: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A PostgreSQL primary of its own (test/support/pg-server.mjs; fsync off, and commits asynchronous as a
 * primary tuned for writes may have them: the routing must hold then too) with a migrated database, and a
 * streaming replica of it made as PostgreSQL documents a base backup without pg_basebackup
 * (test/support/base-backup.mjs), both on loopback. Resolves once the replica streams.
 */
export async function startPrimaryWithReplica(): Promise<PrimaryWithReplica> {
  const root = mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'replica-'));
  chmodSync(root, 0o777);
  const primary = await startPgProcess(join(root, 'primary'), await freePort(), { fast: true });
  let replicaProcess: RunningPostgres | undefined;
  try {
    const databaseUrl = await createDatabaseOn(primary.adminUrl);
    const standbyRoot = join(root, 'replica');
    mkdirSync(standbyRoot, { mode: 0o777 });
    chmodSync(standbyRoot, 0o777);
    const dir = join(standbyRoot, 'pg');
    await makeStandby({ primaryUrl: primary.adminUrl, primaryDir: join(root, 'primary', 'pg'), standbyDir: dir });
    const port = await freePort();
    const urlOf = (url: string) => {
      const u = new URL(url);
      u.port = String(port);
      return u.toString();
    };
    const log: string[][] = [];
    let markers = 0;
    const replica: StreamingReplica = {
      port,
      dir,
      urlOf,
      get running() {
        return replicaProcess !== undefined;
      },
      async start() {
        if (replicaProcess) return;
        replicaProcess = await startPostgres(dir, port, {
          flags: ['-c', 'fsync=off', '-c', 'log_statement=all', '-c', `log_line_prefix=${LOG_PREFIX}`],
          onLog: (line) => {
            if (line.startsWith('\t') && log.length > 0) log[log.length - 1].push(line.slice(1));
            else log.push([line]);
          },
        });
      },
      async stop() {
        await replicaProcess?.stop();
        replicaProcess = undefined;
      },
      statements(applicationName) {
        // `statement: ...` for a simple query, `execute <name>: ...` for one with parameters.
        const head = new RegExp(
          `^${applicationName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\|LOG:  (statement|execute [^:]*): `,
        );
        return log
          .filter((entry) => head.test(entry[0]))
          .map((entry) => [entry[0].replace(head, ''), ...entry.slice(1)].join('\n'));
      },
      async logFlushed(timeoutMs = 10_000) {
        const marker = `log marker ${++markers}`;
        await query(urlOf(primary.adminUrl), `SELECT '${marker}'`);
        await until(
          `the replica's log shows "${marker}"`,
          async () => log.some((e) => e.join('\n').includes(marker)),
          timeoutMs,
        );
      },
      sql: (text, params) => query(urlOf(primary.adminUrl), text, params),
    };
    await replica.start();
    const sql = <T>(text: string, params?: unknown[]) => query<T>(databaseUrl, text, params);
    const caughtUp = async (timeoutMs = 20_000) => {
      // A synchronous commit that wrote WAL flushes all WAL before it (this primary commits asynchronously
      // otherwise); a transactional message is such a write, and touches no table.
      const client = new Client({ connectionString: primary.adminUrl });
      await client.connect();
      let target: string;
      try {
        await client.query(`SET synchronous_commit = on`);
        await client.query(`SELECT pg_logical_emit_message(true, 'caught-up', '')`);
        target = (await client.query(`SELECT pg_current_wal_flush_lsn()::text AS lsn`)).rows[0].lsn;
      } finally {
        await client.end();
      }
      // pg_stat_replication's replay_lsn is only what the replica last reported: ask the replica.
      await until(
        'the replica streams and has replayed all the primary wrote',
        async () => {
          const [streaming] = await query<{ state: string }>(primary.adminUrl, `SELECT state FROM pg_stat_replication`);
          const [replayed] = await query<{ done: boolean }>(
            urlOf(primary.adminUrl),
            `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`,
            [target],
          );
          return streaming?.state === 'streaming' && replayed.done;
        },
        timeoutMs,
      );
    };
    await caughtUp(60_000);
    return {
      primary,
      databaseUrl,
      replicaUrl: urlOf(databaseUrl),
      replica,
      sql,
      replicaSql: (text, params) => query(urlOf(databaseUrl), text, params),
      caughtUp,
      async close() {
        await replica.stop().catch(() => undefined);
        await primary.stop();
      },
    };
  } catch (error) {
    await replicaProcess?.stop().catch(() => undefined);
    await primary.stop();
    throw error;
  }
}
