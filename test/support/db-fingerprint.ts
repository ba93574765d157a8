import type { TestApp } from './test-app.js';

/**
 * A fingerprint of every table's content (row count and a hash over the rows), to show that a refused or
 * failed write left nothing behind: take one before and one after and compare.
 */
export async function databaseFingerprint(t: Pick<TestApp, 'sql'>): Promise<Record<string, string>> {
  const tables: { name: string }[] = await t.sql(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await t.sql(`SELECT count(*)::int AS n, coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') AS h FROM "${name}" r`);
    out[name] = `${row.n}:${row.h}`;
  }
  return out;
}
