import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write counts every instance shares (src/hardening/rate-limit.ts, rate-limiter-flexible's PostgreSQL
 * store). The library's own shape, column for column and in this order (its upsert inserts positional
 * values and conflicts on `key`); it is told the table exists and never creates it. `expire` is epoch
 * milliseconds. Unlogged: the counts of the last minutes need no crash safety and no WAL for the replicas.
 */
export class WriteRateLimit1765200000000 implements MigrationInterface {
  name = 'WriteRateLimit1765200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE write_rate_limit (
        key varchar(255) NOT NULL,
        points integer NOT NULL DEFAULT 0,
        expire bigint,
        CONSTRAINT pk_write_rate_limit PRIMARY KEY (key)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE write_rate_limit`);
  }
}
