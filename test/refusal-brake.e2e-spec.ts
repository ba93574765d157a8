import { postRaw, rawCodes, RawResponse } from './support/raw-http.js';
import { whileInitiativesLocked } from './support/locks.js';
import { insertLargePlan } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';

const DELAY_MS = 1500;
// A held request waits the rest of its address's mark; one that is not held is answered in milliseconds.
// The bounds leave room for a loaded machine either way.
const HELD_AT_LEAST_MS = 1000;
const FREE_AT_MOST_MS = 900;

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const deep = (levels: number): unknown => (levels === 0 ? 1 : { x: deep(levels - 1) });

/**
 * A client that loops on refused requests slows itself down (issue 9, attacks 2-4 of bench/abuse.mjs): after
 * a refusal for a limit, the address's next requests wait REFUSAL_DELAY_MS before they are read; other
 * addresses, and a client's ordinary mistakes, are not held.
 */
describe('the refusal brake', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        REFUSAL_DELAY_MS: String(DELAY_MS),
        LIMIT_ALIASES: '5',
        LIMIT_QUERY_SIZE: '2000',
        LIMIT_QUERY_COST: '20',
        LIMIT_BODY: '8kb',
        RESPONSE_CACHE_TTL: '0',
        OVERVIEW_PER_CLIENT: '1',
      },
    });
    await insertLargePlan(t, { initiatives: 30, period: '2024-Q1' });
  });
  afterAll(() => t.close());

  const from = (client: string, body: unknown) => postRaw(t.url, body, { 'x-forwarded-for': client });
  const timed = async (request: Promise<RawResponse>) => {
    const started = performance.now();
    const res = await request;
    return { res, ms: performance.now() - started };
  };
  const ok = (res: RawResponse) => {
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { __typename: 'Query' } });
  };

  it("holds a refused address's next request, and no one else's", async () => {
    const refused = await from('10.1.0.1', { query: aliases(6) });
    expect(refused.status).toBe(400);
    expect(rawCodes(refused)).toEqual(['BAD_USER_INPUT']);

    const [held, other] = await Promise.all([
      timed(from('10.1.0.1', { query: '{ __typename }' })),
      timed(from('10.1.0.2', { query: '{ __typename }' })),
    ]);
    ok(held.res);
    ok(other.res);
    expect(held.ms).toBeGreaterThanOrEqual(HELD_AT_LEAST_MS);
    expect(other.ms).toBeLessThan(FREE_AT_MOST_MS);

    // The held request was answered, not refused: the mark is over and the next one goes through at once.
    const after = await timed(from('10.1.0.1', { query: '{ __typename }' }));
    ok(after.res);
    expect(after.ms).toBeLessThan(FREE_AT_MOST_MS);
  });

  it('is set by every kind of limit refusal, before or after parsing', async () => {
    const refusals: [string, unknown, number, RegExp][] = [
      ['root fields (validation)', { query: aliases(6) }, 400, /root fields/],
      ['query size (before parsing)', { query: `{ __typename } #${'x'.repeat(2100)}` }, 400, /characters long/],
      ['cost (before running)', { query: '{ initiatives(first: 100) { edges { node { code } } } }' }, 400, /objects/],
      ['batch', [{ query: '{ __typename }' }, { query: '{ __typename }' }], 400, /batches 2 operations/],
      ['variables depth', { query: '{ __typename }', variables: { v: deep(40) } }, 400, /levels deep/],
      ['body size', { query: `{ __typename }`, variables: { v: 'x'.repeat(9000) } }, 413, /larger than the limit/],
    ];
    await Promise.all(
      refusals.map(async ([kind, body, status, message], i) => {
        const client = `10.2.0.${i + 1}`;
        const refused = await from(client, body);
        expect({ kind, status: refused.status, codes: rawCodes(refused) }).toEqual({
          kind,
          status,
          codes: ['BAD_USER_INPUT'],
        });
        expect(refused.json.errors[0].message).toMatch(message);
        const next = await timed(from(client, { query: '{ __typename }' }));
        ok(next.res);
        expect({ kind, held: next.ms >= HELD_AT_LEAST_MS }).toEqual({ kind, held: true });
      }),
    );
  });

  it("is set by the overview gate's refusal", async () => {
    let first!: Promise<RawResponse>;
    await whileInitiativesLocked(t, async () => {
      // With OVERVIEW_PER_CLIENT=1, the client's second overview (another period) is refused at once.
      first = from('10.3.0.1', { query: '{ statusOverview(period: "2024-Q1") { period } }' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = await from('10.3.0.1', { query: '{ statusOverview(period: "2023-Q4") { period } }' });
      expect(rawCodes(second)).toEqual(['SERVICE_UNAVAILABLE']);
    });
    expect((await first).json.data.statusOverview.period).toBe('2024-Q1');
    const next = await timed(from('10.3.0.1', { query: '{ __typename }' }));
    ok(next.res);
    expect(next.ms).toBeGreaterThanOrEqual(HELD_AT_LEAST_MS - 400);
  });

  it("is not set by a client's ordinary mistakes", async () => {
    const mistakes: [string, unknown, string][] = [
      ['unknown field', { query: '{ nothingHere }' }, 'BAD_USER_INPUT'],
      [
        'a variable of the wrong type',
        { query: 'query($n: Int) { __typename }', variables: { n: 'x' } },
        'BAD_USER_INPUT',
      ],
      ['unknown initiative', { query: '{ initiative(id: "00000000-0000-4000-8000-000000000000") { code } }' }, ''],
      ['syntax', { query: '{ __typename' }, 'BAD_USER_INPUT'],
    ];
    await Promise.all(
      mistakes.map(async ([kind, body, code], i) => {
        const client = `10.4.0.${i + 1}`;
        const answer = await from(client, body);
        if (code) expect({ kind, codes: rawCodes(answer) }).toEqual({ kind, codes: [code] });
        const next = await timed(from(client, { query: '{ __typename }' }));
        ok(next.res);
        expect({ kind, free: next.ms < FREE_AT_MOST_MS }).toEqual({ kind, free: true });
      }),
    );
  });
});
