/**
 * The one helper for hand-written SQL: positional parameters, numbered as they are added, so that no
 * statement numbers its placeholders by hand. `p.add(value)` returns the placeholder ($1, $2, ...).
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** PostgreSQL's error code for a failed unique key, e.g. for an INSERT that lost a race. */
export const UNIQUE_VIOLATION = '23505';
