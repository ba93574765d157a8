import { postRaw, rawCodes, RawResponse } from './support/raw-http.js';
import { waitingOnLock as waitingOnTableLock, whileInitiativesLocked } from './support/locks.js';
import { insertLargePlan } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';

const overview = (period: string) => `{ statusOverview(period: "${period}") { period initiativeCount } }`;
const PERIODS = ['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2'];

/**
 * One caller's overviews cannot hold everyone else's: identical concurrent requests share one build, a
 * client has at most OVERVIEW_PER_CLIENT builds at once, and a build that cannot start soon is refused
 * with SERVICE_UNAVAILABLE at once. The builds are held up by a lock on the initiatives taken by the test.
 */
describe('the overview gate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        RESPONSE_CACHE_TTL: '0',
        OVERVIEW_CONCURRENCY: '2',
        OVERVIEW_PER_CLIENT: '2',
        OVERVIEW_QUEUE: '1',
        OVERVIEW_WAIT_MS: '1500',
      },
    });
    await insertLargePlan(t, { initiatives: 30, period: '2024-Q1' });
  });
  afterAll(() => t.close());

  /** Runs `during` while every overview build waits for a lock on the initiatives, then lets them go. */
  const whileHeldUp = (during: () => Promise<void>) => whileInitiativesLocked(t, during);

  const from = (client: string, query: string) => postRaw(t.url, { query }, { 'x-forwarded-for': client });
  const waitingOnLock = () => waitingOnTableLock(t, 'status_update');
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it('shares one build among identical concurrent requests of many clients', async () => {
    let answers: RawResponse[] = [];
    await whileHeldUp(async () => {
      const pending = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'].map((client) =>
        from(client, overview('2024-Q1')),
      );
      // Wait until the build is held up (a loaded machine may take a while to bring the requests in).
      for (let i = 0; i < 25 && (await waitingOnLock()) === 0; i++) await settle();
      await settle();
      expect(await waitingOnLock()).toBe(1);
      answers = await Promise.race([Promise.all(pending), settle().then(() => [])]);
      expect(answers).toEqual([]); // still held up
      void Promise.all(pending).then((done) => (answers = done));
    });
    for (let i = 0; i < 50 && answers.length === 0; i++) await settle();
    expect(answers.map((a) => a.json.data?.statusOverview.initiativeCount)).toEqual([30, 30, 30, 30, 30]);
  });

  it('gives one client at most two builds at once and refuses the rest at once, while others are served', async () => {
    let own: RawResponse[] = [];
    await whileHeldUp(async () => {
      const started = Date.now();
      const mine = PERIODS.slice(0, 4).map((period) => from('10.0.1.1', overview(period)));
      // The two over the client's share are refused at once, not after the others.
      const refused = await Promise.race([
        Promise.all(mine.slice(2)),
        new Promise<RawResponse[]>((resolve) => setTimeout(() => resolve([]), 1000)),
      ]);
      expect(refused.map(rawCodes)).toEqual([['SERVICE_UNAVAILABLE'], ['SERVICE_UNAVAILABLE']]);
      expect(Date.now() - started).toBeLessThan(1000);
      void Promise.all(mine.slice(0, 2)).then((done) => (own = done));
    });
    for (let i = 0; i < 50 && own.length === 0; i++) await settle();
    expect(own.map((a) => a.json.data?.statusOverview.period)).toEqual(PERIODS.slice(0, 2));
  });

  it('answers SERVICE_UNAVAILABLE at once when the queue is full, and after OVERVIEW_WAIT_MS when the wait is too long', async () => {
    const results: Promise<RawResponse>[] = [];
    await whileHeldUp(async () => {
      // Two builds run (and wait for the lock), one waits for a place: the gate is full.
      results.push(from('10.0.2.1', overview('2024-Q1')), from('10.0.2.2', overview('2024-Q2')));
      for (let i = 0; i < 25 && (await waitingOnLock()) < 2; i++) await settle();
      const queuedAt = Date.now();
      const queued = from('10.0.2.3', overview('2024-Q3'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const full = await from('10.0.2.4', overview('2024-Q4'));
      expect(rawCodes(full)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(Date.now() - queuedAt).toBeLessThan(1000);

      const waited = await queued;
      expect(rawCodes(waited)).toEqual(['SERVICE_UNAVAILABLE']);
      const waitedMs = Date.now() - queuedAt;
      expect(waitedMs).toBeGreaterThanOrEqual(1400);
      expect(waitedMs).toBeLessThan(5000);
    });
    const done = await Promise.all(results);
    expect(done.map((a) => a.json.data?.statusOverview.period)).toEqual(['2024-Q1', '2024-Q2']);
  });
});
