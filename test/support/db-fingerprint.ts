import type { TestApp } from './test-app.js';

type Sql = Pick<TestApp, 'sql'>;
const tableLists = new WeakMap<object, string[]>();

async function tablesOf(t: Sql): Promise<string[]> {
  let tables = tableLists.get(t);
  if (!tables) {
    const rows: { name: string }[] = await t.sql(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         AND table_name NOT IN ('migrations', 'write_rate_limit') ORDER BY table_name`,
    );
    tables = rows.map((r) => r.name);
    tableLists.set(t, tables);
  }
  return tables;
}

/**
 * A fingerprint of every table's content (row count and a hash over the rows, in one statement), to show
 * that a refused or failed write left nothing behind: take one before and one after and compare. The write
 * limit's counters are left out: a refused write is still an attempt, and counts as one.
 */
export async function databaseFingerprint(t: Sql): Promise<Record<string, string>> {
  const tables = await tablesOf(t);
  const columns = tables.map(
    (name) =>
      `(SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM "${name}" r) AS "${name}"`,
  );
  const [row] = await t.sql(`SELECT ${columns.join(', ')}`);
  return row;
}
