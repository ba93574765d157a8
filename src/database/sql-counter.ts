import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool, PoolClient } from 'pg';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';
import { Semaphore } from '../common/semaphore.js';
import type { Replica } from './replicas.js';

/**
 * What one request does with the database: the SQL statements it ran (the X-SQL-Statements header, for
 * tests and the benchmark) and the pool connections it holds, at most DB_CONNECTIONS_PER_REQUEST at once.
 */
export interface RequestTally {
  sql: number;
  connections?: Semaphore;
  /** The read replica this request's reads go to (anonymous callers only); unset: the primary */
  replica?: Replica;
  /** Database.publicCommits when its reads were routed (ReadRouteMiddleware) */
  changesAtStart?: number;
}

export const requestTally = new AsyncLocalStorage<RequestTally>();

type ConnectCallback = (
  error: Error | undefined,
  client: PoolClient | undefined,
  release: (error?: unknown) => void,
) => void;

/**
 * Makes the pool give one request at most its share of the connections (a request's aliases and loaders
 * run side by side, and without a share one request could take the whole pool from everyone else). Work
 * outside a request (start, the demo load, background jobs) is not limited.
 */
export function shareConnectionsPerRequest(pool: Pool): void {
  const connect = pool.connect.bind(pool) as (callback?: ConnectCallback) => unknown;
  (pool as unknown as { connect: typeof connect }).connect = (callback?: ConnectCallback) => {
    const slots = requestTally.getStore()?.connections;
    if (!slots || !callback) return connect(callback);
    void slots.acquire().then(() =>
      connect((error, client, release) => {
        if (error || !client) {
          slots.release();
          return callback(error, client, release);
        }
        let released = false;
        callback(error, client, (releaseError?: unknown) => {
          if (!released) {
            released = true;
            slots.release();
          }
          release(releaseError);
        });
      }),
    );
    return undefined;
  };
}

/**
 * TypeORM logger that counts every statement in the current request and logs only errors and slow
 * queries (never parameters, which can hold personal data).
 */
export class CountingLogger implements TypeOrmLogger {
  constructor(private readonly output: { warn: (msg: string) => void } = console) {}

  logQuery(_query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    const tally = requestTally.getStore();
    if (tally) tally.sql += 1;
  }
  logQueryError(error: string | Error, query: string): void {
    const message = typeof error === 'string' ? error : error.message;
    // Expected errors (constraint violations) are mapped for the caller; keep the log short.
    this.output.warn(`SQL error: ${message} in ${query.slice(0, 200)}`);
  }
  logQuerySlow(time: number, query: string): void {
    this.output.warn(`Slow SQL (${time} ms): ${query.slice(0, 300)}`);
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.output.warn(`Migration: ${message}`);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.output.warn(String(message));
  }
}
