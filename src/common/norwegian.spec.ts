import { dateInWords, quarterInWords } from './norwegian.js';

describe('Norwegian words', () => {
  it.each([
    ['2025-Q3', '3. kvartal 2025'],
    ['2024-Q1', '1. kvartal 2024'],
  ])('writes the quarter %s as «%s»', (period, words) => expect(quarterInWords(period)).toBe(words));

  it.each([
    ['2025-10-15', '15. oktober 2025'],
    ['2024-01-01', '1. januar 2024'],
    ['2024-12-31', '31. desember 2024'],
    ['2024-05-07T23:00:00Z', '7. mai 2024'],
  ])('writes the date %s as «%s»', (date, words) => expect(dateInWords(date)).toBe(words));
});
