/**
 * A UUID as PostgreSQL writes it (any version). Ids are checked with this before they reach a query, so a malformed
 * one is never a database error.
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/**
 * An id as PostgreSQL writes it (lower case). Ids given in upper case name the same record, but a record
 * echoed back with the id as given would not match the stored one in loaders and comparisons.
 */
export function normalizeUuid(id: string): string {
  return id.toLowerCase();
}
