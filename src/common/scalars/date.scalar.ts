import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** True for a real calendar date written YYYY-MM-DD (no 2023-02-29, no 2024-13-01). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The plan's dates, like the years of its values and assessments (DESIGN.md, Limits), lie in 1990..2100. */
export const FIRST_DATE = '1990-01-01';
export const LAST_DATE = '2100-12-31';

function parse(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new GraphQLError(
      `Date must be a real calendar date written YYYY-MM-DD; got ${JSON.stringify(value)?.slice(0, 40)}`,
    );
  }
  // YYYY-MM-DD strings compare as the dates they name.
  if (value < FIRST_DATE || value > LAST_DATE) {
    throw new GraphQLError(`Date must be from ${FIRST_DATE} to ${LAST_DATE}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Dates travel as YYYY-MM-DD strings, in and out; PostgreSQL `date` columns are read as strings too. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar date, YYYY-MM-DD',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value);
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string written YYYY-MM-DD');
    return parse(ast.value);
  },
});
