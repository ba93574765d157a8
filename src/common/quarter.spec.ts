import {
  compareQuarters,
  firstDayOfQuarter,
  isQuarter,
  osloDay,
  nextQuarter,
  previousQuarter,
  quarterOf,
  quarterRange,
  quartersBetween,
  shiftQuarter,
} from './quarter.js';

describe('quarters', () => {
  it('accepts only YYYY-Qn', () => {
    expect(['2024-Q1', '2000-Q4'].every(isQuarter)).toBe(true);
    expect(['2024-Q0', '2024-Q5', '2024Q1', '24-Q1', '2024-q1', ' 2024-Q1', ''].some(isQuarter)).toBe(false);
  });

  it('uses Oslo time at the turn of a quarter', () => {
    // 23:30 UTC on 31 March is 01:30 on 1 April in Oslo (summer time).
    expect(quarterOf(new Date('2024-03-31T23:30:00Z'))).toBe('2024-Q2');
    expect(quarterOf(new Date('2024-12-31T23:30:00Z'))).toBe('2025-Q1');
    expect(quarterOf(new Date('2024-06-30T21:59:00Z'))).toBe('2024-Q2');
  });

  it('steps and ranges across years', () => {
    expect(nextQuarter('2024-Q4')).toBe('2025-Q1');
    expect(previousQuarter('2025-Q1')).toBe('2024-Q4');
    expect(quarterRange('2024-Q3', '2025-Q2')).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2']);
    expect(compareQuarters('2019-Q4', '2020-Q1')).toBe(-1);
  });

  it('shifts by many quarters and counts the quarters of a range', () => {
    expect(shiftQuarter('2024-Q3', 2)).toBe('2025-Q1');
    expect(shiftQuarter('2024-Q1', -1)).toBe('2023-Q4');
    expect(shiftQuarter('2025-Q4', -59)).toBe('2011-Q1');
    expect(quartersBetween('2011-Q1', '2025-Q4')).toBe(60);
    expect(quartersBetween('2024-Q3', '2024-Q3')).toBe(1);
    expect(quartersBetween('2024-Q3', '2024-Q2')).toBe(0);
    expect(quarterRange('2011-Q2', '2025-Q4')).toHaveLength(59);
  });

  it('names the first day of a quarter', () => {
    expect(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4'].map(firstDayOfQuarter)).toEqual([
      '2024-01-01',
      '2024-04-01',
      '2024-07-01',
      '2024-10-01',
    ]);
  });
});

describe('osloDay', () => {
  it('is the date in Oslo, not in UTC', () => {
    // 23:30 UTC on 31 December is already New Year's Day in Oslo (UTC+1 in winter).
    expect(osloDay(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    // 22:30 UTC on 30 June is 00:30 on 1 July in Oslo (UTC+2 in summer).
    expect(osloDay(new Date('2024-06-30T22:30:00Z'))).toBe('2024-07-01');
    expect(osloDay(new Date('2024-06-30T21:59:00Z'))).toBe('2024-06-30');
  });
});
