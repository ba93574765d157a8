import { BadUserInputError } from './errors/index.js';

/**
 * Reporting quarters, written YYYY-Qn. Stored as that text: for years 1000-9999 the text sorts as the
 * quarters do, so SQL can compare periods directly.
 */
export const FIRST_QUARTER = '2000-Q1';

export function isQuarter(value: string): boolean {
  return /^\d{4}-Q[1-4]$/.test(value);
}

/** Made once per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** The quarter an instant falls in, in Europe/Oslo time (the strategy's own calendar). */
export function quarterOf(instant: Date, timeZone = 'Europe/Oslo'): string {
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric' });
    monthFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const year = Number(parts.find((p) => p.type === 'year')!.value);
  const month = Number(parts.find((p) => p.type === 'month')!.value);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

// en-CA writes dates as YYYY-MM-DD; made once, since building a format costs far more than using one.
const OSLO_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar day (YYYY-MM-DD) an instant falls on in Europe/Oslo, the strategy's own calendar: today by
 * default (due dates, lateness, the reminder schedule, the exports' dates).
 */
export function osloDay(instant: Date = new Date()): string {
  return OSLO_DAY.format(instant);
}

export function currentQuarter(now: Date = new Date()): string {
  return quarterOf(now);
}

export function compareQuarters(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function nextQuarter(quarter: string): string {
  const [year, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
}

export function previousQuarter(quarter: string): string {
  const [year, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/** The quarter `n` quarters after `quarter` (before it when `n` is negative). */
export function shiftQuarter(quarter: string, n: number): string {
  const index = Number(quarter.slice(0, 4)) * 4 + Number(quarter.slice(6)) - 1 + n;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** How many quarters run from `from` to `to`, both included (0 when `to` is before `from`). */
export function quartersBetween(from: string, to: string): number {
  const index = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6));
  return Math.max(0, index(to) - index(from) + 1);
}

/** The first day of a quarter, YYYY-MM-DD. */
export function firstDayOfQuarter(quarter: string): string {
  const month = (Number(quarter.slice(6)) - 1) * 3 + 1;
  return `${quarter.slice(0, 4)}-${String(month).padStart(2, '0')}-01`;
}

/** Every quarter from `from` to `to`, both included. */
export function quarterRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let q = from; q <= to; q = nextQuarter(q)) out.push(q);
  return out;
}

/**
 * A quarter runs from 2000-Q1 to the current one in Europe/Oslo time (DESIGN.md, Limits): nothing can be
 * reported for a later quarter, so asking for one is an input mistake rather than an empty answer.
 */
export function assertReportablePeriod(period: string, now: Date = new Date(), field = 'input.period'): void {
  if (period < FIRST_QUARTER) throw BadUserInputError.field(field, `must not be before ${FIRST_QUARTER}`);
  const current = currentQuarter(now);
  if (period > current) throw BadUserInputError.field(field, `must not be after the current quarter (${current})`);
}
