import { BadUserInputError, InvalidStateError } from '../common/errors/index.js';
import {
  assertReportablePeriod,
  currentQuarter,
  FIRST_QUARTER,
  firstDayOfQuarter,
  osloDay,
  quartersBetween,
  shiftQuarter,
} from '../common/quarter.js';
import { RoundState } from './entities/reporting-round-record.entity.js';

/**
 * The round's rules, free of the database so they can be tested with fixed instants. Dates are the
 * strategy's own calendar, Europe/Oslo: a due date ends at midnight in Oslo, whatever the server's zone.
 */

/** A statusTimeline covers at most this many quarters (15 years: a strategy and the one before it). */
export const MAX_TIMELINE_QUARTERS = 60;

/** A due date may not come before the first day of its period (reports are about the period's work). */
export function assertDueDate(period: string, dueDate: string, field: string): void {
  const first = firstDayOfQuarter(period);
  if (dueDate < first) throw BadUserInputError.field(field, `must not be before the first day of ${period} (${first})`);
}

/**
 * Whether an update is late (StatusUpdate.late): first submitted on a later day in Oslo than the due date
 * (so after midnight at its end), or not submitted yet and the due date has passed. Null without a round.
 */
export function isLate(firstSubmittedAt: Date | null, dueDate: string | null, now: Date = new Date()): boolean | null {
  if (dueDate === null) return null;
  return osloDay(firstSubmittedAt ?? now) > dueDate;
}

/** Moving the due date and closing need an OPEN round. */
export function assertOpen(state: RoundState, period: string, doing: string): void {
  if (state !== RoundState.OPEN) {
    throw new InvalidStateError(`The round of ${period} is ${state}; only an OPEN round can be ${doing}`);
  }
}

/**
 * The quarters of a statusTimeline. `to` defaults to the overview's default period (`newestPeriod`, else
 * the current quarter); `from` to the first quarter of the strategy's first year, or the 60th quarter
 * ending at `to` when that is later. Given values must be reportable quarters, `from` not after `to`, and
 * the range at most 60 quarters (BAD_USER_INPUT naming the argument). Null when the defaults leave no
 * quarter (a strategy that starts after `to`).
 */
export function timelineRange(
  given: { from?: string | null; to?: string | null },
  strategy: { periodStart: number; newestPeriod: string | null },
  now: Date = new Date(),
): { from: string; to: string } | null {
  if (given.from) assertReportablePeriod(given.from, now, 'from');
  if (given.to) assertReportablePeriod(given.to, now, 'to');
  const to = given.to ?? strategy.newestPeriod ?? currentQuarter(now);
  if (given.from) {
    if (given.from > to) throw BadUserInputError.field('from', `must not be after to (${to})`);
    const count = quartersBetween(given.from, to);
    if (count > MAX_TIMELINE_QUARTERS) {
      throw BadUserInputError.field(
        'from',
        `the range holds ${count} quarters; at most ${MAX_TIMELINE_QUARTERS} are allowed (from ${shiftQuarter(to, 1 - MAX_TIMELINE_QUARTERS)} at the earliest)`,
      );
    }
    return { from: given.from, to };
  }
  const starts = [`${strategy.periodStart}-Q1`, shiftQuarter(to, 1 - MAX_TIMELINE_QUARTERS), FIRST_QUARTER];
  const from = starts.reduce((latest, q) => (q > latest ? q : latest));
  return from > to ? null : { from, to };
}
