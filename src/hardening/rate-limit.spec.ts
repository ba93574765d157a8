import { SlidingWindowCounter } from './rate-limit.js';

describe('SlidingWindowCounter', () => {
  it('allows the limit per window and key, then answers the seconds to wait', () => {
    let now = 120_000; // the start of a 60 s window
    const counter = new SlidingWindowCounter(3, 60, 100, () => now);
    expect([1, 2, 3, 4].map(() => counter.hit('a'))).toEqual([0, 0, 0, 60]);
    expect(counter.hit('b')).toBe(0);
    now += 45_000;
    expect(counter.hit('a')).toBe(15);
  });

  it('weighs the previous window by how much of it still overlaps', () => {
    let now = 0;
    const counter = new SlidingWindowCounter(10, 10, 100, () => now);
    expect(counter.hit('a', 10)).toBe(0);
    now = 12_000; // 20 % into the next window: 80 % of the last 10 still count, so 2 more fit
    expect(counter.hit('a', 2)).toBe(0);
    expect(counter.hit('a')).toBeGreaterThan(0);
    now = 31_000; // two windows later, nothing of the old count is left
    expect(counter.hit('a', 10)).toBe(0);
  });

  it('holds at most maxKeys keys per window; further keys share one count', () => {
    const now = 0;
    const counter = new SlidingWindowCounter(2, 60, 5, () => now);
    for (let i = 0; i < 5; i++) expect(counter.hit(`k${i}`)).toBe(0);
    expect(counter.hit('new-1')).toBe(0);
    expect(counter.hit('new-2')).toBe(0);
    expect(counter.hit('new-3')).toBeGreaterThan(0);
    expect(counter.size).toBe(6);
  });

  it('counts nothing with a limit of 0', () => {
    const counter = new SlidingWindowCounter(0, 60);
    for (let i = 0; i < 1000; i++) expect(counter.hit('a')).toBe(0);
    expect(counter.size).toBe(0);
  });
});
