import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';

/** Per-request tally of SQL statements, read by tests and the benchmark from the X-SQL-Statements header. */
export interface RequestTally {
  sql: number;
}

export const requestTally = new AsyncLocalStorage<RequestTally>();

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
