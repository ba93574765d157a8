import type { DataSource } from 'typeorm';

interface Query {
  query: string;
  parameters?: unknown[];
}

/**
 * Objects that live in the migrations only: named foreign keys (fk_), checks (ck_), plain indexes (ix_), the
 * stored full-text column and its TypeORM bookkeeping. TypeORM's schema diff does not know them and would
 * drop them; they are the database's own guards, so the diff leaves them alone.
 */
const MIGRATION_ONLY =
  /(DROP|ADD) CONSTRAINT "(fk|ck)_|DROP INDEX "public"\."ix_|CREATE INDEX "ix_|"search_vector"|typeorm_metadata/;

export function isMigrationOnly(query: Query): boolean {
  return MIGRATION_ONLY.test(query.query) || JSON.stringify(query.parameters ?? []).includes('search_vector');
}

/** The statements that would bring the database to the entities, less the migration-only objects. */
export async function schemaDrift(dataSource: DataSource): Promise<{ up: Query[]; down: Query[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.filter((q) => !isMigrationOnly(q)),
    down: sql.downQueries.filter((q) => !isMigrationOnly(q)),
  };
}
