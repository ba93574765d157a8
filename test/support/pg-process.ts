import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { runMigrations } from '../../src/bootstrap.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const SCRIPT = join(process.cwd(), 'test/support/pg-server.mjs');

export interface PgProcess {
  /** URL of the `postgres` database as the superuser */
  adminUrl: string;
  child: ChildProcess;
  /** Stops PostgreSQL cleanly (fast shutdown) and waits until the process is gone */
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL of its own in a child process (test/support/pg-server.mjs) on `port` with its data
 * under `dir`; stop it and start it again on the same dir and port to take the database away from a
 * running server and bring it back. `password` is the superuser's (default `test`); `fast` turns fsync and
 * synchronous_commit off (for a server whose data need not survive a crash).
 */
export async function startPgProcess(
  dir: string,
  port: number,
  { timeoutMs = 90_000, password, fast = false }: { timeoutMs?: number; password?: string; fast?: boolean } = {},
): Promise<PgProcess> {
  if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing; run the tests from the repository root`);
  const child = spawn(process.execPath, [SCRIPT, dir, String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...(password ? { PG_SERVER_PASSWORD: password } : {}),
      ...(fast ? { PG_SERVER_FAST: '1' } : {}),
    },
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const adminUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\S+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pg-server exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    adminUrl,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Creates a database on the server behind `adminUrl` and applies the migrations; returns its URL. */
export async function createDatabaseOn(
  adminUrl: string,
  name = `t_${process.pid}_${Date.now().toString(36)}`,
): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const ds = new DataSource(dataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 30000, connectTimeoutMs: 5000 }));
  await ds.initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
  return url;
}
