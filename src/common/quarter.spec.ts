import { compareQuarters, isQuarter, nextQuarter, previousQuarter, quarterOf, quarterRange } from './quarter.js';

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
});
