/**
 * PostgreSQL text cannot hold a NUL character: a parameter with one fails the whole statement. Lookups
 * check for it first, since no stored value can contain one (it matches nothing).
 */
export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}
