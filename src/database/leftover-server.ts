import { execFile } from 'node:child_process';
import { readFile, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The argument vector of a running process, or undefined when it is gone or cannot be read. */
async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return text.split('\0').filter(Boolean);
  } catch {
    // no /proc (macOS): ask ps, which splits on spaces (good enough for the program's name and -D)
  }
  try {
    const { stdout } = await run('ps', ['-o', 'args=', '-p', String(pid)]);
    return stdout.trim().split(/\s+/).filter(Boolean);
  } catch {
    return undefined;
  }
}

/** The parent process id and whether the process has exited but not been reaped (a zombie). */
async function processStatus(pid: number): Promise<{ parent: number; zombie: boolean } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(parent), zombie: state === 'Z' };
  } catch {
    // no /proc
  }
  try {
    const { stdout } = await run('ps', ['-o', 'ppid=,stat=', '-p', String(pid)]);
    const [parent, state] = stdout.trim().split(/\s+/);
    return { parent: Number(parent), zombie: state?.startsWith('Z') ?? false };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const samePath = async (a: string, b: string) =>
  (await realpath(a).catch(() => a)) === (await realpath(b).catch(() => b));

async function isPostgresOf(args: string[], clusterDir: string): Promise<boolean> {
  if (basename(args[0] ?? '') !== 'postgres') return false;
  const dataDir = args[args.indexOf('-D') + 1];
  return args.includes('-D') && dataDir !== undefined && samePath(dataDir, clusterDir);
}

const isNode = (args: string[] | undefined) => !!args?.[0] && /^node(js)?(\.exe)?$/.test(basename(args[0]));

/**
 * A server that was killed (SIGKILL, out of memory) could not stop its embedded PostgreSQL, which then
 * runs on with no parent and holds the cluster (postmaster.pid) and the port. This finds such a server for
 * `clusterDir` and stops it (fast shutdown: SIGINT, which is what `pg_ctl stop -m fast` sends) so that this
 * start can take over. A PostgreSQL whose parent is still a running Node process belongs to a server that
 * is alive (a second `npm start` on the same data directory): that is refused instead. A stale
 * postmaster.pid (its process is gone, or the number now belongs to another program) is left to
 * PostgreSQL, which replaces it or says why it cannot.
 */
export async function stopLeftoverServer(clusterDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return;
  const args = await commandLine(pid);
  if (!args || !(await isPostgresOf(args, clusterDir))) return;
  const status = await processStatus(pid);
  if (status?.zombie) return;
  const parent = status?.parent;
  if (parent && parent !== 1 && isAlive(parent) && isNode(await commandLine(parent))) {
    throw new Error(
      `The embedded PostgreSQL under ${clusterDir} (PID ${pid}) belongs to another running server (PID ${parent}); ` +
        `stop that one first, or give this one its own DATA_DIR`,
    );
  }
  log(
    `PostgreSQL (PID ${pid}) is still running on ${clusterDir}, left behind by a server that ended without ` +
      `stopping it (killed, or out of memory); stopping it`,
  );
  process.kill(pid, 'SIGINT');
  if (await stopped(pid, pidFile, 60_000)) return;
  // Immediate shutdown as a last resort: PostgreSQL recovers from its write-ahead log at the next start.
  log(`PostgreSQL (PID ${pid}) did not stop within 60 s; stopping it immediately`);
  process.kill(pid, 'SIGQUIT');
  if (await stopped(pid, pidFile, 15_000)) return;
  throw new Error(`PostgreSQL (PID ${pid}) left running on ${clusterDir} does not stop; stop it by hand`);
}

/** Gone, a zombie (its parent may never reap it), or it removed its pid file (the last step of a stop) */
async function stopped(pid: number, pidFile: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fileGone = await readFile(pidFile).then(
      () => false,
      () => true,
    );
    if (fileGone || !isAlive(pid) || (await processStatus(pid))?.zombie) return true;
    await sleep(100);
  }
  return false;
}
