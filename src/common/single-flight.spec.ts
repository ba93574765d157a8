import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('gives callers of a running key the one promise, and runs again once it has settled', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    let release!: (value: number) => void;
    const work = () => {
      runs += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const first = flights.run('a', work);
    const second = flights.run('a', work);
    expect(second).toBe(first);
    expect(runs).toBe(1);
    release(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    await flights.run('a', async () => (runs += 1));
    expect(runs).toBe(2);
  });

  it('keeps keys apart, forgets a rejected flight, and leaves nothing behind for work that throws at once', async () => {
    const flights = new SingleFlight();
    await expect(flights.run('x', () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    expect(await flights.run('x', async () => 'again')).toBe('again');
    expect(() =>
      flights.run('y', () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(await flights.run('y', async () => 'admitted')).toBe('admitted');
    const [a, b] = await Promise.all([flights.run('1:k', async () => 'one'), flights.run('2:k', async () => 'two')]);
    expect([a, b]).toEqual(['one', 'two']);
  });
});
