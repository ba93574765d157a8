import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * Hand-written set-based SQL still hands real entities to the other modules' field resolvers (an Initiative
 * of the overview resolves `executingAgency` like any other). These helpers make that safe: the select list
 * comes from the entity's own column metadata, and rows are hydrated the way TypeORM does it (dates as
 * YYYY-MM-DD strings, arrays, JSON), so no column is forgotten or typed differently.
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
  return selectableColumns(dataSource, target, include)
    .map((column) => `${alias}.${column.databaseName} AS "${prefix}${column.databaseName}"`)
    .join(', ');
}

/** The columns of a selectList as a subquery or CTE `from` names them: `from."prefix_column"`. */
export function selectedAliases(
  dataSource: DataSource,
  target: EntityTarget<ObjectLiteral>,
  from: string,
  prefix: string,
  include: (propertyName: string) => boolean = () => true,
): string {
  return selectableColumns(dataSource, target, include)
    .map((column) => `${from}."${prefix}${column.databaseName}"`)
    .join(', ');
}

function selectableColumns(
  dataSource: DataSource,
  target: EntityTarget<ObjectLiteral>,
  include: (propertyName: string) => boolean,
) {
  return dataSource.getMetadata(target).columns.filter((column) => column.isSelect && include(column.propertyName));
}

/** Column types whose raw pg value TypeORM converts on hydration; every other value is used as it comes. */
const CONVERTED = new Set<unknown>([
  Boolean,
  'date',
  'time',
  'simple-array',
  'simple-json',
  'enum',
  'simple-enum',
  'hstore',
  'cube',
  'vector',
  'halfvec',
]);

interface HydrationPlan {
  metadata: EntityMetadata;
  primaryKeys: string[];
  columns: { key: string; column: ColumnMetadata; convert: boolean; plain: boolean }[];
}

const plans = new WeakMap<EntityMetadata, Map<string, HydrationPlan>>();

/** Worked out once per entity and prefix: the overview hydrates thousands of rows per request. */
function planFor(dataSource: DataSource, target: EntityTarget<ObjectLiteral>, prefix: string): HydrationPlan {
  const metadata = dataSource.getMetadata(target);
  let byPrefix = plans.get(metadata);
  if (!byPrefix) plans.set(metadata, (byPrefix = new Map()));
  let plan = byPrefix.get(prefix);
  if (!plan) {
    plan = {
      metadata,
      primaryKeys: metadata.primaryColumns.map((column) => `${prefix}${column.databaseName}`),
      columns: metadata.columns.map((column) => ({
        key: `${prefix}${column.databaseName}`,
        column,
        convert: CONVERTED.has(column.type) || !!column.transformer || typeof column.type !== 'string',
        plain: !column.embeddedMetadata && !column.relationMetadata,
      })),
    };
    byPrefix.set(prefix, plan);
  }
  return plan;
}

/** The entity in `row` under `prefix`, or null when its primary key is null (an outer join found nothing). */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
  prefix: string,
): T | null {
  const plan = planFor(dataSource, target, prefix);
  for (const key of plan.primaryKeys) if (row[key] == null) return null;
  const entity = (typeof plan.metadata.target === 'function' ? Object.create(plan.metadata.target.prototype) : {}) as T;
  for (const { key, column, convert, plain } of plan.columns) {
    if (!(key in row)) continue;
    let value = row[key];
    // Timestamps arrive as Date from pg already; TypeORM would only turn strings into Dates.
    if (convert || (typeof value === 'string' && column.type.toString().startsWith('timestamp'))) {
      value = dataSource.driver.prepareHydratedValue(value, column);
    }
    if (plain) (entity as Record<string, unknown>)[column.propertyName] = value;
    else column.setEntityValue(entity, value);
  }
  return entity;
}
