import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { GraphQLError, Kind } from 'graphql';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RequestContext } from '../common/context.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { requestTally } from '../database/sql-counter.js';

/** The table of the shared write counts (migrations/1765200000000-write-rate-limit.ts). */
export const WRITE_RATE_LIMIT_TABLE = 'write_rate_limit';

/**
 * Counts hits per key in a sliding window (the previous window's count, weighted by how much of it still
 * overlaps, plus the current one), the usual approximation that needs two counters per key and no timers.
 *
 * The counts live in this process: behind a load balancer each instance counts on its own, so the
 * effective limit is the configured one times the number of instances. That is accepted for the
 * per-address request limit; writes are counted in PostgreSQL instead (WriteRateLimiter). A limit of 0
 * turns counting off.
 */
export class SlidingWindowCounter {
  private window = -1;
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly windowSeconds: number,
    /** Keys kept per window; past it, new keys share one count (an address flood then slows only new keys). */
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts `n` hits for `key`; returns 0 when they are allowed, else the seconds to wait before retrying. */
  hit(key: string, n = 1): number {
    if (this.limit <= 0) return 0;
    const windowMs = this.windowSeconds * 1000;
    const now = this.now();
    const window = Math.floor(now / windowMs);
    if (window !== this.window) {
      this.previous = window === this.window + 1 ? this.current : new Map();
      this.current = new Map();
      this.window = window;
    }
    const counted = this.current.has(key) || this.current.size < this.maxKeys ? key : '\u0000overflow';
    const elapsed = (now - window * windowMs) / windowMs;
    const before = this.previous.get(counted) ?? 0;
    const count = (this.current.get(counted) ?? 0) + n;
    const estimate = before * (1 - elapsed) + count;
    if (estimate > this.limit) {
      return Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    }
    this.current.set(counted, count);
    return 0;
  }

  /** Number of keys held (for tests of the memory bound). */
  get size(): number {
    return this.current.size + this.previous.size;
  }
}

export function rateLimitedBody(retryAfterSeconds: number, what: string) {
  return {
    errors: [
      {
        message: `Too many ${what}; try again in ${retryAfterSeconds} s`,
        extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterSeconds },
      },
    ],
  };
}

/** Requests per client address (http-guards.ts readRateLimit): counted in this instance's memory. */
@Injectable()
export class ReadRateLimiter extends SlidingWindowCounter {
  constructor(config: AppConfig) {
    super(config.rateLimit.reads, config.rateLimit.windowSeconds);
  }
}

/** How long the write limit waits on its store before answering SERVICE_UNAVAILABLE, in the Retry-After. */
const STORE_DOWN_RETRY_AFTER_S = 5;
/** Rows whose window ended longer ago than this are deleted; the margin covers clocks that disagree a little. */
const EXPIRED_MARGIN_MS = 60 * 60 * 1000;
const CLEANUP_EVERY_MS = 5 * 60 * 1000;

/** The count of a subject's writes could not be read (the database is away or too slow). */
export class WriteCountUnavailable extends Error {}

/**
 * Writes per signed-in subject, counted in PostgreSQL so that every instance shares one count
 * (rate-limiter-flexible's PostgreSQL store, in the table of migrations/1765200000000-write-rate-limit.ts).
 * A subject's window starts with its first write and lasts RATE_LIMIT_WINDOW_S; a refused write counts too,
 * and once a subject is over the limit this instance refuses it from memory until the window ends.
 *
 * It uses the application's pool: one statement per counted mutation, run outside the request's share of
 * connections (requestTally.exit), so it waits for a connection like any other work and adds none to
 * what the database must hold. Expired rows are deleted every five minutes.
 */
@Injectable()
export class WriteRateLimiter implements OnApplicationBootstrap, OnModuleDestroy {
  readonly limit: number;
  private readonly store?: RateLimiterPostgres;
  private cleanup?: NodeJS.Timeout;

  constructor(config: AppConfig, db: Database) {
    this.limit = config.rateLimit.writes;
    if (this.limit <= 0) return;
    const pool = (db.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) throw new Error('The write limit needs the PostgreSQL pool, which is not open');
    this.store = new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: WRITE_RATE_LIMIT_TABLE,
      // The table comes with the migrations; the library must not create it.
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: 'w',
      points: this.limit,
      duration: config.rateLimit.windowSeconds,
      inMemoryBlockOnConsumed: this.limit + 1,
    });
  }

  onApplicationBootstrap(): void {
    if (!this.store) return;
    this.cleanup = setInterval(() => void this.clearExpired(), CLEANUP_EVERY_MS);
    this.cleanup.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanup);
  }

  /**
   * Counts `n` writes of `subject`; resolves 0 when they are allowed, else the seconds to wait. Rejects with
   * WriteCountUnavailable when the count cannot be read.
   */
  async hit(subject: string, n = 1): Promise<number> {
    const store = this.store;
    if (!store) return 0;
    // The subject can be 255 characters, longer than the key column with its prefix; and the table need
    // not hold who wrote (the audit trail does).
    const key = createHash('sha256').update(subject).digest('hex');
    try {
      await requestTally.exit(() => store.consume(key, n));
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new WriteCountUnavailable((error as Error)?.message ?? String(error), { cause: error });
    }
  }

  /** Deletes the rows whose window ended before `before` (never fails: a later run tries again). */
  async clearExpired(before = Date.now() - EXPIRED_MARGIN_MS): Promise<void> {
    // clearExpired is the store's own statement (it swallows errors); its typings leave it out.
    const store = this.store as unknown as { clearExpired(expire: number): Promise<void> } | undefined;
    await requestTally.exit(() => store?.clearExpired(before));
  }
}

/**
 * Limits writes per signed-in subject: every root field of a mutation counts as one write. Anonymous
 * mutations are not counted here (the guard refuses them as UNAUTHENTICATED); they count as requests of
 * their address in the read limit. The refusal comes before execution, so nothing is written. When the
 * count cannot be read the write is refused too, 503 SERVICE_UNAVAILABLE: the write needs the same
 * database, and letting writes through uncounted would drop the limit exactly when the database struggles.
 */
@Plugin()
export class WriteRateLimitPlugin implements ApolloServerPlugin<RequestContext> {
  private readonly logger = new Logger('WriteRateLimit');

  constructor(private readonly counter: WriteRateLimiter) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    const { counter, logger } = this;
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (!operation || operation.operation !== 'mutation' || !contextValue.viewer || counter.limit <= 0) return;
        const writes = operation.selectionSet.selections.filter(
          (s) => !(s.kind === Kind.FIELD && s.name.value === '__typename'),
        ).length;
        let wait: number;
        try {
          wait = await counter.hit(contextValue.viewer.subject, Math.max(1, writes));
        } catch (error) {
          logger.warn(`Write count unavailable, write refused: ${(error as Error).message}`);
          throw refusal(
            'The database is not available right now; try again shortly',
            'SERVICE_UNAVAILABLE',
            503,
            STORE_DOWN_RETRY_AFTER_S,
          );
        }
        if (wait > 0) {
          const body = rateLimitedBody(wait, 'writes').errors[0];
          throw refusal(body.message, 'RATE_LIMITED', 429, wait, 'writes');
        }
      },
    };
  }
}

function refusal(message: string, code: string, status: number, retryAfter: number, limit?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code,
      retryAfter,
      ...(limit ? { limit } : {}),
      http: { status, headers: new Map([['retry-after', String(retryAfter)]]) },
    },
  });
}
