import { RoundState } from './entities/reporting-round-record.entity.js';
import { assertDueDate, assertOpen, isLate, timelineRange } from './round.rules.js';

function outcome(work: () => unknown): unknown {
  try {
    return work();
  } catch (error) {
    const e = error as { code?: string; fieldErrors?: { field: string }[] };
    return `${e.code}${e.fieldErrors ? ` ${e.fieldErrors.map((f) => f.field).join(',')}` : ''}`;
  }
}

describe('lateness: the due date ends at midnight in Oslo', () => {
  // Summer time (UTC+2): 2024-06-30 23:59 in Oslo is 21:59 UTC; 00:01 on 1 July is 22:01 UTC.
  it.each([
    ['23:59 on the due date, summer', '2024-06-30T21:59:00Z', '2024-06-30', false],
    ['00:01 the day after, summer', '2024-06-30T22:01:00Z', '2024-06-30', true],
    ['midnight exactly is the next day', '2024-06-30T22:00:00Z', '2024-06-30', true],
    // Winter time (UTC+1): 2025-01-15 23:59 in Oslo is 22:59 UTC.
    ['23:59 on the due date, winter', '2025-01-15T22:59:00Z', '2025-01-15', false],
    ['00:01 the day after, winter', '2025-01-15T23:01:00Z', '2025-01-15', true],
    // The day summer time starts (2024-03-31, 02:00 -> 03:00): its end is 22:00 UTC.
    ['23:59 on the day summer time starts', '2024-03-31T21:59:00Z', '2024-03-31', false],
    ['00:01 after the day summer time starts', '2024-03-31T22:01:00Z', '2024-03-31', true],
    // The day summer time ends (2024-10-27, 03:00 -> 02:00): its end is 23:00 UTC.
    ['23:59 on the day summer time ends', '2024-10-27T22:59:00Z', '2024-10-27', false],
    ['00:01 after the day summer time ends', '2024-10-27T23:01:00Z', '2024-10-27', true],
    ['weeks early', '2024-06-01T08:00:00Z', '2024-06-30', false],
  ])('first submitted %s: late %s', (_name, at, dueDate, late) => {
    expect(isLate(new Date(at), dueDate, new Date('2030-01-01T00:00:00Z'))).toBe(late);
  });

  it('judges an update not submitted yet by today in Oslo', () => {
    expect(isLate(null, '2024-06-30', new Date('2024-06-30T21:59:00Z'))).toBe(false);
    expect(isLate(null, '2024-06-30', new Date('2024-06-30T22:01:00Z'))).toBe(true);
  });

  it('follows a moved due date and is null without a round', () => {
    const submitted = new Date('2024-07-02T10:00:00Z');
    expect(isLate(submitted, '2024-06-30')).toBe(true);
    expect(isLate(submitted, '2024-07-02')).toBe(false);
    expect(isLate(submitted, null)).toBeNull();
    expect(isLate(null, null)).toBeNull();
  });
});

describe('due dates and round states', () => {
  it.each([
    ['2024-Q3', '2024-07-01', undefined],
    ['2024-Q3', '2024-10-15', undefined],
    ['2024-Q3', '2024-06-30', 'BAD_USER_INPUT input.dueDate'],
    ['2025-Q1', '2024-12-31', 'BAD_USER_INPUT input.dueDate'],
  ])('%s due %s: %s', (period, dueDate, expected) => {
    expect(outcome(() => assertDueDate(period, dueDate, 'input.dueDate'))).toBe(expected);
  });

  it('moves and closes only an OPEN round', () => {
    expect(outcome(() => assertOpen(RoundState.OPEN, '2024-Q3', 'closed'))).toBeUndefined();
    expect(outcome(() => assertOpen(RoundState.CLOSED, '2024-Q3', 'closed'))).toBe('INVALID_STATE');
  });
});

describe('the quarters of a timeline', () => {
  const now = new Date('2026-11-15T12:00:00Z'); // 2026-Q4
  const plan = { periodStart: 2019, newestPeriod: '2025-Q4' };

  it('defaults to the strategy from its first year to the overview’s default period', () => {
    expect(timelineRange({}, plan, now)).toEqual({ from: '2019-Q1', to: '2025-Q4' });
    expect(timelineRange({}, { periodStart: 2019, newestPeriod: null }, now)).toEqual({
      from: '2019-Q1',
      to: '2026-Q4',
    });
    expect(timelineRange({ to: '2020-Q2' }, plan, now)).toEqual({ from: '2019-Q1', to: '2020-Q2' });
    expect(timelineRange({ from: '2024-Q1' }, plan, now)).toEqual({ from: '2024-Q1', to: '2025-Q4' });
  });

  it('starts at most 60 quarters before to, and never before 2000-Q1', () => {
    expect(timelineRange({}, { periodStart: 1990, newestPeriod: '2025-Q4' }, now)).toEqual({
      from: '2011-Q1',
      to: '2025-Q4',
    });
    expect(timelineRange({}, { periodStart: 1990, newestPeriod: '2005-Q2' }, now)).toEqual({
      from: '2000-Q1',
      to: '2005-Q2',
    });
  });

  it('is empty for a strategy that starts after to', () => {
    expect(timelineRange({ to: '2018-Q4' }, plan, now)).toBeNull();
  });

  it.each([
    [{ from: '2025-Q1', to: '2024-Q4' }, 'BAD_USER_INPUT from'],
    [
      { from: '2011-Q1', to: '2025-Q4' },
      { from: '2011-Q1', to: '2025-Q4' },
    ],
    [{ from: '2010-Q4', to: '2025-Q4' }, 'BAD_USER_INPUT from'],
    [{ from: '2027-Q1' }, 'BAD_USER_INPUT from'],
    [{ to: '2027-Q1' }, 'BAD_USER_INPUT to'],
    [{ to: '1999-Q4' }, 'BAD_USER_INPUT to'],
    [
      { from: '2024-Q1', to: '2024-Q1' },
      { from: '2024-Q1', to: '2024-Q1' },
    ],
  ])('%j: %j', (given, expected) => {
    expect(outcome(() => timelineRange(given, plan, now))).toEqual(expected);
  });
});
