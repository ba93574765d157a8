import { postRaw, rawCodes, sqlStatements } from './support/raw-http.js';
import { whileInitiativesLocked } from './support/locks.js';
import { insertLargePlan } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** The portal's overview, as a portal comparing quarters would alias it, with the initiatives' long texts. */
const overviews = (n: number) =>
  `{ ${Array.from(
    { length: n },
    (_, i) =>
      `o${i}: statusOverview { period goals { initiatives { status initiative { code title summary description } update { summary achievements nextSteps risks } } } }`,
  ).join(' ')} }`;

/**
 * Bounded under abuse (memory, pool): the cost counts what the plan's lists really hold, the SQL a query
 * can run is bounded before it runs, and one request holds at most its share of the pool.
 */
describe('query cost counts what the plan holds', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Figures read again for every query, so that the plan made below counts at once.
    t = await createTestApp({ env: { LIMIT_STATS_MAX_AGE_S: '0' } });
    await insertLargePlan(t, { initiatives: 600, goals: 3, period: '2024-Q2', summaryLength: 2000 });
  });
  afterAll(() => t.close());

  it('refuses 97 overviews with the long texts before any SQL, and lets two through', async () => {
    const refused = await postRaw(t.url, { query: overviews(97) });
    expect(refused.status).toBe(400);
    expect(rawCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.json.errors[0].message).toMatch(/^The query could return about \d+ objects; at most 100000/);
    expect(sqlStatements(refused)).toBe(0);

    const two = await postRaw(t.url, {
      query: `{ a: statusOverview(period: "2024-Q1") { period initiativeCount goals { initiatives { status initiative { code } } } }
                b: statusOverview(period: "2024-Q2") { period initiativeCount goals { initiatives { status initiative { code } } } } }`,
    });
    expect(two.json.errors).toBeUndefined();
    expect(two.json.data.a.initiativeCount).toBe(600);
    expect(two.json.data.b.goals.flatMap((g: any) => g.initiatives)).toHaveLength(600);
  });

  it('counts a page size given in a variable by its value', async () => {
    const query = `query($n: Int) { initiatives(first: $n) { edges { node { code goals { number } } } } }`;
    const small = await postRaw(t.url, { query, variables: { n: 5 } });
    expect(small.json.errors).toBeUndefined();
    expect(small.json.data.initiatives.edges).toHaveLength(5);
  });

  it('refuses 100 aliases of a count before any SQL: the statements a query can run are bounded', async () => {
    const query = `{ ${Array.from({ length: 100 }, (_, i) => `c${i}: initiatives(first: 0, filter: { search: "tiltak ${i}" }) { totalCount }`).join(' ')} }`;
    const refused = await postRaw(t.url, { query });
    expect(refused.status).toBe(400);
    expect(rawCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.json.errors[0].message).toMatch(/could run 300 SQL statements; at most 100/);
    expect(sqlStatements(refused)).toBe(0);
  });
});

describe('one request holds at most its share of the pool', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { DB_POOL_SIZE: '10', DB_CONNECTIONS_PER_REQUEST: '2', DB_CONNECT_TIMEOUT_MS: '3000' },
    });
    await insertLargePlan(t, { initiatives: 20 });
  });
  afterAll(() => t.close());

  it('runs a request of 30 counts two at a time, so that another caller is served meanwhile', async () => {
    const query = `{ ${Array.from({ length: 30 }, (_, i) => `c${i}: initiatives(first: 0, filter: { search: "tiltak ${i}" }) { totalCount }`).join(' ')} }`;
    // Every count waits for the lock, holding its connection meanwhile. (Wrapped: an answer promise
    // returned as it is would be awaited before the lock is let go.)
    const { heavy } = await whileInitiativesLocked(t, async () => {
      const heavy = postRaw(t.url, { query });
      let waiting = 0;
      for (let i = 0; i < 50 && waiting === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        // Not on the locking connection: inside its transaction pg_stat_activity stays as it first read it.
        [{ waiting }] = await t.sql(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
      }
      await new Promise((r) => setTimeout(r, 300));
      const [{ held }] = await t.sql(
        `SELECT count(*)::int AS held FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      expect(held).toBe(2);

      const started = Date.now();
      const other = await postRaw(t.url, { query: '{ strategies { slug } }' });
      expect(other.json.errors).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1000);
      return { heavy };
    });
    const answered = await heavy;
    expect(answered.json.errors).toBeUndefined();
    expect(answered.json.data.c0.totalCount).toBeGreaterThanOrEqual(0);
  });
});

describe('an answer larger than LIMIT_RESPONSE_BYTES', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LIMIT_RESPONSE_BYTES: '20000' } });
    await insertLargePlan(t, { initiatives: 50, summaryLength: 2000 });
  });
  afterAll(() => t.close());

  it('is stopped with a clear error, never a 500; a smaller one is answered', async () => {
    const big = await postRaw(t.url, { query: '{ initiatives(first: 50) { edges { node { code summary } } } }' });
    expect(big.status).toBe(400);
    expect(rawCodes(big)).toEqual(['BAD_USER_INPUT']);
    expect(big.json.errors[0].message).toMatch(/^The answer is larger than 20000 bytes/);
    expect(big.json.data).toBeUndefined();

    const small = await postRaw(t.url, { query: '{ initiatives(first: 50) { edges { node { code } } } }' });
    expect(small.json.errors).toBeUndefined();
    expect(small.json.data.initiatives.edges).toHaveLength(50);
  });
});
