import PgBoss from 'pg-boss';
import { readFileSync } from 'node:fs';
import { PGBOSS_CONSTRUCTION, PGBOSS_SCHEMA_VERSION } from '../../migrations/pg-boss-construction.js';

const words = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/\s*;(\s*;)*/g, ';')
    .trim();

describe('the job queue tables of the migration', () => {
  it("are the installed pg-boss's own, for its schema version", () => {
    const plan = PgBoss.getConstructionPlans('pgboss');
    // The plan wraps its statements in a transaction under an advisory lock; the migration has its own.
    const body = plan.slice(plan.indexOf('CREATE SCHEMA'), plan.lastIndexOf('COMMIT;'));
    expect(words(PGBOSS_CONSTRUCTION)).toBe(words(body));
    const version = JSON.parse(readFileSync('node_modules/pg-boss/version.json', 'utf8')) as { schema: number };
    expect(PGBOSS_SCHEMA_VERSION).toBe(version.schema);
  });
});
