import { postRaw, RawResponse, sqlStatements } from './support/raw-http.js';
import { waitingOnLock, whileInitiativesLocked } from './support/locks.js';
import { insertLargePlan } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const LISTING = `query Listing($first: Int) { initiatives(first: $first) { totalCount edges { node { code title } } } }`;

/**
 * Identical anonymous queries that arrive while the first is answered get its bytes (SharedAnswersMiddleware),
 * with the response cache off: they run no statement and are not executed or serialised again. The listing
 * is no overview, so no build is shared below the HTTP answer. The first request is held up by a lock on
 * the initiatives taken by the test.
 */
describe('answers shared by identical requests at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RESPONSE_CACHE_TTL: '0' } });
    await insertLargePlan(t, { initiatives: 12, period: '2024-Q1' });
  });
  afterAll(() => t.close());

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Sends `first` and waits until it waits for the lock, then sends `then` (each a thunk), and lets them all go. */
  async function whileFirstHeldUp(
    first: () => Promise<RawResponse>,
    then: (() => Promise<RawResponse>)[],
  ): Promise<RawResponse[]> {
    const pending: Promise<RawResponse>[] = [];
    await whileInitiativesLocked(t, async () => {
      pending.push(first());
      for (let i = 0; i < 50 && (await waitingOnLock(t, 'initiative')) === 0; i++) await pause(100);
      expect(await waitingOnLock(t, 'initiative')).toBeGreaterThan(0);
      for (const request of then) {
        pending.push(request());
        await pause(50);
      }
      await pause(500);
    });
    return Promise.all(pending);
  }

  it('gives the requests that come while the first is answered its bytes, without a statement of their own', async () => {
    const listing = () => postRaw(t.url, { query: LISTING, variables: { first: 50 } });
    const alone = sqlStatements(await listing());
    expect(alone).toBeGreaterThan(0);
    const answers = await whileFirstHeldUp(listing, [listing, listing, listing]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers[0].json.data.initiatives.totalCount).toBe(12);
    expect(answers.map((a) => sqlStatements(a))).toEqual([alone, 0, 0, 0]);
    expect(answers.map((a) => a.headers.get('x-shared-answer'))).toEqual([null, 'joined', 'joined', 'joined']);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.map((a) => a.headers.get('content-type'))).toEqual(
      answers.map(() => 'application/json; charset=utf-8'),
    );
  });

  it('does not give it to a signed-in caller, to other variables, or to a request after a write', async () => {
    const listing =
      (first: number, headers: Record<string, string> = {}) =>
      () =>
        postRaw(t.url, { query: LISTING, variables: { first } }, headers);
    const admin = await t.token({ role: Role.ADMIN });
    // Writes no initiative, so it commits while the lock is held; the last listing is sent once it has.
    let written: Promise<RawResponse> | undefined;
    const write = () =>
      (written = postRaw(
        t.url,
        {
          query: `mutation { createOrganization(input: { orgNumber: "974760673", name: "Digitaliseringsdirektoratet", kind: AGENCY }) { id } }`,
        },
        { authorization: `Bearer ${admin}` },
      ));
    const afterWrite = async () => {
      await written;
      return listing(50)();
    };
    const answers = await whileFirstHeldUp(listing(50), [
      listing(50, { authorization: `Bearer ${admin}` }),
      listing(10),
      write,
      afterWrite,
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[3].json.data.createOrganization.id).toEqual(expect.any(String));
    const [, signedIn, other, , late] = answers;
    for (const answer of [signedIn, other, late]) {
      expect(answer.headers.get('x-shared-answer')).toBeNull();
      expect(sqlStatements(answer)).toBeGreaterThan(0);
    }
    expect(other.json.data.initiatives.edges).toHaveLength(10);
  });

  it('does not give an answer with errors: the requests that waited for it are answered on their own', async () => {
    // The listing waits for the lock; the report of a quarter to come is BAD_USER_INPUT.
    const failing = () =>
      postRaw(t.url, {
        query: `{ initiatives(first: 5) { totalCount } publishedReport(period: "2999-Q1") { period } }`,
      });
    const answers = await whileFirstHeldUp(failing, [failing, failing]);
    for (const answer of answers) {
      expect(answer.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.json.data?.initiatives?.totalCount).toBe(12);
      expect(answer.headers.get('x-shared-answer')).toBeNull();
      expect(sqlStatements(answer)).toBeGreaterThan(0);
    }
  });
});
