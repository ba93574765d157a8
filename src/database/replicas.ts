import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { dataSourceOptions } from './data-source-options.js';
import { Database } from './database.js';
import { shareConnectionsPerRequest } from './sql-counter.js';

/** How often each replica's lag and replay position are read. */
const MONITOR_MS = 1000;

/** A WAL position (LSN, `16/B374D848`) as a number that compares as the position does. */
export function lsnValue(lsn: string | null | undefined): bigint {
  if (!lsn) return 0n;
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

export type ReplicaState = 'up' | 'down' | 'lagging';

/** One read replica: its connection and what its monitor last saw. */
export class Replica {
  state: ReplicaState = 'down';
  /** Seconds behind the primary; 0 when it has replayed all the primary has written */
  lagSeconds: number | null = null;
  /** The WAL position it has replayed, as last read (replay only moves forward, so this is a lower bound) */
  replayed = 0n;
  error: string | null = null;

  constructor(
    readonly name: string,
    readonly dataSource: DataSource,
  ) {}
}

/**
 * The read replicas (DATABASE_REPLICA_URLS), for anonymous reads. Each is watched every second: down when it
 * does not answer, lagging when it is more than REPLICA_MAX_LAG_MS behind the primary. A read may go to a
 * replica only if it is up and has replayed past the newest write this instance has heard of (the barrier:
 * the primary's WAL position read when the plan-changed notice arrived, or unknown right after a write of
 * this instance until then), so an answer it gives is never older than what the caches were emptied for.
 */
@Injectable()
export class ReplicaSet implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReplicaSet.name);
  readonly replicas: Replica[];
  private barrier = 0n;
  /** A write of this instance committed and its position is not known yet: no replica is fresh enough. */
  private barrierUnknown = false;
  private next = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly primary: DataSource,
    private readonly db: Database,
    private readonly metrics: Metrics,
  ) {
    this.replicas = config.replicas.urls.map(
      (url, i) =>
        new Replica(
          `replica-${i + 1}`,
          new DataSource(
            dataSourceOptions({
              url,
              poolSize: config.dbPoolSize,
              statementTimeoutMs: config.dbStatementTimeoutMs,
              connectTimeoutMs: config.dbConnectTimeoutMs,
              applicationName: `handlingsplan-replica-${i + 1}`,
            }),
          ),
        ),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.replicas.length === 0) return;
    this.db.onCommitted(() => this.writeCommitted());
    await this.check();
    this.timer = setInterval(() => void this.check(), MONITOR_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.replicas.map((r) => (r.dataSource.isInitialized ? r.dataSource.destroy() : undefined)));
  }

  /**
   * A replica for an anonymous read: up, and replayed past the barrier; undefined when none is (the
   * primary then serves). Round-robin among those that are.
   */
  pick(): Replica | undefined {
    if (this.barrierUnknown) return undefined;
    const fresh = this.replicas.filter((r) => r.state === 'up' && r.replayed >= this.barrier);
    if (fresh.length === 0) return undefined;
    this.next = (this.next + 1) % fresh.length;
    return fresh[this.next];
  }

  /** Whether an answer read from `replica` may still be kept and marked public (nothing newer was heard since). */
  isFresh(replica: Replica): boolean {
    return !this.barrierUnknown && replica.state !== 'down' && replica.replayed >= this.barrier;
  }

  /** A write of this instance committed: until its position is heard, no replica is known to have it. */
  writeCommitted(): void {
    if (this.replicas.length > 0) this.barrierUnknown = true;
  }

  /** The plan-changed notice arrived and the primary is at `lsn`: replicas must have replayed that far. */
  heard(lsn: string): void {
    const position = lsnValue(lsn);
    if (position > this.barrier) this.barrier = position;
    this.barrierUnknown = false;
  }

  /** The listener lost its connection: writes may go unheard, so no replica is trusted until it is back. */
  deaf(): void {
    if (this.replicas.length > 0) this.barrierUnknown = true;
  }

  /** What readiness shows: each replica with its state and lag (never a reason to fail). */
  status(): Record<string, { state: ReplicaState; lagSeconds: number | null; error?: string }> {
    return Object.fromEntries(
      this.replicas.map((r) => [
        r.name,
        { state: r.state, lagSeconds: r.lagSeconds, ...(r.error ? { error: r.error } : {}) },
      ]),
    );
  }

  /** Reads each replica's replay position and lag against the primary's current position. */
  private async check(): Promise<void> {
    let primaryAt: bigint | undefined;
    try {
      const [row] = await this.primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
      primaryAt = lsnValue(row.lsn);
    } catch {
      // The primary is away: lag cannot be judged; replicas keep their last state.
    }
    await Promise.all(this.replicas.map((replica) => this.checkOne(replica, primaryAt)));
  }

  private async checkOne(replica: Replica, primaryAt: bigint | undefined): Promise<void> {
    try {
      if (!replica.dataSource.isInitialized) {
        await replica.dataSource.initialize().catch(async (error: unknown) => {
          // A failed start leaves the driver's pool behind: end it, the next check makes a new one.
          await (replica.dataSource.driver as unknown as { master?: Pool }).master?.end().catch(() => undefined);
          throw error;
        });
        const pool = (replica.dataSource.driver as unknown as { master?: Pool }).master;
        if (pool) shareConnectionsPerRequest(pool);
        this.metrics.watchPool(replica.name, pool);
      }
      const [row] = await replica.dataSource.query(
        `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed,
                extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS behind`,
      );
      if (!row.standby) throw new Error('it is not a standby (pg_is_in_recovery() is false)');
      replica.replayed = lsnValue(row.replayed);
      // Caught up with all the primary has written: no lag, however long ago its last write was.
      const caughtUp = primaryAt !== undefined && replica.replayed >= primaryAt;
      replica.lagSeconds = caughtUp ? 0 : Math.max(0, Number(row.behind ?? 0));
      const lagging = replica.lagSeconds * 1000 > this.config.replicas.maxLagMs;
      if (replica.state !== (lagging ? 'lagging' : 'up')) {
        this.logger.log(`${replica.name} is ${lagging ? `lagging (${replica.lagSeconds.toFixed(1)} s)` : 'up'}`);
      }
      replica.state = lagging ? 'lagging' : 'up';
      replica.error = null;
      this.metrics.setReplicaLag(replica.name, replica.lagSeconds);
    } catch (error) {
      if (replica.state !== 'down') this.logger.warn(`${replica.name} is down: ${(error as Error).message}`);
      replica.state = 'down';
      replica.lagSeconds = null;
      this.metrics.setReplicaLag(replica.name, undefined);
      replica.error = (error as Error).message.replace(/postgres(ql)?:\/\/[^\s]*/g, 'postgres://…');
    }
  }
}
