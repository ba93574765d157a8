import { BadUserInputError, NotFoundError } from '../common/errors/index.js';
import { assertReportablePeriod, isQuarter } from '../common/quarter.js';

/**
 * `?period=` of a page or file: absent, or one quarter YYYY-Qn from 2000-Q1 to the current one; anything
 * else (a repeated parameter, a malformed or future quarter) is BAD_USER_INPUT naming `period`.
 */
export function periodParam(value: unknown): string | null {
  if (value === undefined || value === '') return null;
  return requirePeriod(value);
}

/** A quarter that must be given (the report's path, the round export). */
export function requirePeriod(value: unknown): string {
  if (typeof value !== 'string' || !isQuarter(value)) {
    throw BadUserInputError.field('period', 'must be a quarter written YYYY-Qn, e.g. 2025-Q3');
  }
  assertReportablePeriod(value, new Date(), 'period');
  return value;
}

/** A goal's number in a path: digits only, else no such goal. */
export function goalNumberParam(value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new NotFoundError('Goal', value);
  return Number(value);
}
