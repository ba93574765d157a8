import type { TestApp } from './test-app.js';

/**
 * Runs `during` while another session holds the initiative table locked, then lets the lock go: every
 * statement that reads the initiatives meanwhile waits (holding its pool connection), which holds up
 * overview builds, pages and listings for as long as a test needs them in flight.
 */
export async function whileInitiativesLocked<T>(t: Pick<TestApp, 'dataSource'>, during: () => Promise<T>): Promise<T> {
  const lock = t.dataSource.createQueryRunner();
  await lock.connect();
  await lock.startTransaction();
  await lock.query('LOCK TABLE initiative IN ACCESS EXCLUSIVE MODE');
  try {
    return await during();
  } finally {
    await lock.rollbackTransaction();
    await lock.release();
  }
}

/** Sessions of the test's database that wait for a lock in a statement that mentions `table`. */
export async function waitingOnLock(t: Pick<TestApp, 'sql'>, table: string): Promise<number> {
  const [{ n }] = await t.sql(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
    [`%${table}%`],
  );
  return n;
}
