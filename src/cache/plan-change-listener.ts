import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Database, PLAN_CHANGED_CHANNEL } from '../database/database.js';
import { lsnValue, ReplicaSet, replayTarget } from '../database/replicas.js';
import { ResponseCache } from './response-cache.js';

/** The connection settings of the application's own data source, for a dedicated connection. */
export function clientConfigOf(dataSource: DataSource): ClientConfig {
  const options = dataSource.options as Extract<DataSourceOptions, { type: 'postgres' }>;
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
    application_name: `${options.applicationName ?? 'handlingsplan'}-cache-listener`,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
  };
}

/**
 * LISTENs on `plan_changed` (which Database.transaction NOTIFYs inside every write, delivered on commit) over
 * one dedicated connection, outside the pool so that it never holds a pooled connection, and empties the
 * response cache on each; while the connection is down the cache serves nothing, and it reconnects with a
 * growing delay (0.1 s to 5 s). Hand-written rather than pg-listen: the cache must stop serving the moment
 * the connection drops, which pg-listen reports only after its retries (test/cache.e2e-spec.ts cuts it).
 */
@Injectable()
export class PlanChangeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PlanChangeListener.name);
  private readonly config: ClientConfig;
  private client?: Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private delayMs = 100;

  constructor(
    private readonly db: Database,
    private readonly cache: ResponseCache,
    private readonly replicas: ReplicaSet,
    private readonly app: AppConfig,
  ) {
    this.config = clientConfigOf(db.dataSource);
  }

  /** Connects once; resolves whether or not that worked (a failure is retried in the background). */
  async onApplicationBootstrap(): Promise<void> {
    // Needed by the response cache, and by the replicas to know how far a write has gone.
    if (this.app.responseCacheTtl <= 0 && this.app.replicas.urls.length === 0) return;
    this.stopped = false;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config);
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.cache.suspend();
      this.replicas.deaf();
      this.logger.warn(`Response cache listener lost its connection (${reason}); reconnecting`);
      this.scheduleReconnect();
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (message) => {
      if (message.channel !== PLAN_CHANGED_CHANNEL) return;
      this.db.changeHeard();
      this.cache.clear();
      // No replica is trusted until it has replayed as far as the primary is now (past the write).
      this.replicas.writeCommitted();
      void this.readPosition(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PLAN_CHANGED_CHANNEL}`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.delayMs = 100;
    this.cache.resume();
    await this.readPosition(client);
  }

  /**
   * The primary's WAL position now: at or past every write whose notice has arrived. The insert position,
   * not pg_current_wal_lsn() (what is written out), which with synchronous_commit = off can still be before
   * a commit whose notice has arrived (test/replicas.e2e-spec.ts); at a page's start less its header
   * (replayTarget).
   */
  private async readPosition(client: Client): Promise<void> {
    if (this.replicas.replicas.length === 0) return;
    // A notice that arrives while this is read (before its answer) is not covered by it.
    const asOf = this.replicas.asOf;
    try {
      const { rows } = await client.query<{ lsn: string; page: string; segment: string }>(
        `SELECT pg_current_wal_insert_lsn()::text AS lsn, current_setting('wal_block_size') AS page,
                (SELECT setting FROM pg_settings WHERE name = 'wal_segment_size') AS segment`,
      );
      const target = replayTarget(lsnValue(rows[0].lsn), BigInt(rows[0].page), BigInt(rows[0].segment));
      this.replicas.heard(target, asOf);
    } catch {
      // The connection is going; the replicas stay untrusted until it is back (deaf, then listening).
    }
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.delayMs);
    this.retryTimer.unref();
    this.delayMs = Math.min(this.delayMs * 2, 5000);
  }
}
