import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Hand-written set-based SQL still hands real entities to the other modules' field resolvers (an Initiative
 * of the overview resolves `executingAgency` like any other). These two helpers make that safe: the select
 * list comes from the entity's own column metadata, and rows are hydrated the way TypeORM does it
 * (dates as YYYY-MM-DD strings, arrays, JSON), so no column is forgotten or typed differently.
 */
/**
 * `alias.column AS "prefix_column"` for every selectable column for which `include(propertyName)` holds
 * (default: all). A column left out stays undefined on the hydrated entity.
 */
export function selectList(
  dataSource: DataSource,
  target: EntityTarget<ObjectLiteral>,
  alias: string,
  prefix: string,
  include: (propertyName: string) => boolean = () => true,
): string {
  return dataSource
    .getMetadata(target)
    .columns.filter((column) => column.isSelect && include(column.propertyName))
    .map((column) => `${alias}.${column.databaseName} AS "${prefix}${column.databaseName}"`)
    .join(', ');
}

/** The entity in `row` under `prefix`, or null when its primary key is null (an outer join found nothing). */
export function hydrate<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>, row: Record<string, unknown>, prefix: string): T | null {
  const metadata = dataSource.getMetadata(target);
  if (metadata.primaryColumns.some((column) => row[`${prefix}${column.databaseName}`] == null)) return null;
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    const key = `${prefix}${column.databaseName}`;
    if (key in row) column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(row[key], column));
  }
  return entity;
}
