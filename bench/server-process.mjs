// What the benchmark (run.mjs) and the soak run (soak.mjs) share: compiling the server into a folder of
// their own, free ports, the server as its own process, and its memory from /proc.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Compiles the server with tsconfig.build.json into `dist` (not the repository's dist/, which tests may be running). */
export function build(dist, log) {
  log(`compiling the server (tsconfig.build.json) into ${dist}`);
  rmSync(dist, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist],
    { stdio: 'inherit', cwd: ROOT },
  );
  mkdirSync(join(dist, 'src/demo'), { recursive: true });
  cpSync(join(ROOT, 'src/demo/demo-data.json'), join(dist, 'src/demo/demo-data.json'));
  // The status pages' templates and stylesheet, as nest-cli.json's assets copy them for `nest build`.
  cpSync(join(ROOT, 'src/publishing/templates'), join(dist, 'src/publishing/templates'), { recursive: true });
}

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Resident and peak resident memory in MB (Linux /proc; NaN elsewhere). */
export function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
    return { rss: mb('VmRSS'), hwm: mb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/**
 * CPU time used so far, in ms (user + system, Linux /proc; NaN elsewhere): of one process, or with
 * `withChildren` also of its children, the live ones and those it has reaped (PostgreSQL's backends).
 */
export function cpuMs(pid, { withChildren = false } = {}) {
  const ticks = (id, reaped) => {
    const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime, stime (fields 14, 15 of stat) and cutime, cstime (16, 17), in clock ticks (100 a second).
    return Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
  };
  try {
    let total = ticks(pid, withChildren);
    if (withChildren) {
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          if (readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(pid)) {
            total += ticks(entry, false);
          }
        } catch {
          // gone meanwhile
        }
      }
    }
    return (total * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Resets the kernel's peak-RSS mark of the process (Linux: clear_refs 5), so each case reports its own peak. */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not Linux or not allowed: the peak then covers the process's whole life so far.
  }
}

/**
 * Starts `dist/src/main.js` on a free loopback port and waits until /health/ready answers 200.
 * `stop({ killAfterMs })` sends SIGTERM (then SIGKILL after killAfterMs, if given) and resolves with the exit code.
 */
export async function startServer(dist, env, { log = () => undefined, nodeArgs = [] } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, join(dist, 'src/main.js')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-20000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-20000)));
  let running = true;
  const exited = new Promise((r) =>
    child.once('exit', (code, signal) => {
      if (running)
        log(
          `the server exited during the run (code ${code}, signal ${signal}); its last output:\n${output.slice(-3000)}`,
        );
      r(code);
    }),
  );
  // Loopback only: nothing is ever sent off this machine.
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`the server did not get ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid,
    output: () => output,
    // A process killed by a signal (V8's heap limit aborts with SIGABRT) has a signalCode and no exitCode.
    exitedEarly: () => (child.exitCode !== null || child.signalCode !== null) && running,
    exitStatus: () => ({ code: child.exitCode, signal: child.signalCode }),
    async stop({ killAfterMs } = {}) {
      running = false;
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = killAfterMs ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * Creates database `name` on the embedded server `db` (the compiled EmbeddedDatabase) and applies the
 * migrations with the compiled data source options; returns its URL.
 */
export async function createMigratedDatabase(db, name, { DataSource, dataSourceOptions, pg }) {
  const admin = new pg.Client({ connectionString: db.superuserUrlFor('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = db.superuserUrlFor(name);
  const ds = new DataSource(
    dataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 600000, connectTimeoutMs: 10000 }),
  );
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  return url;
}
