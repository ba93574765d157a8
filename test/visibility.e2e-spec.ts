import { previousQuarter } from '../src/common/quarter.js';
import type { UpdatesPageQuery } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertPlan, insertStatusUpdate } from './support/plan-fixtures.js';
import { GET, LAST_QUARTER, THIS_QUARTER, TWO_QUARTERS_AGO } from './support/status-updates.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

const THREE_AGO = previousQuarter(TWO_QUARTERS_AGO);
const FOUR_AGO = previousQuarter(THREE_AGO);

/** Newest period first, one update in each state */
const STATES: [string, string][] = [
  [THIS_QUARTER, 'DRAFT'],
  [LAST_QUARTER, 'SUBMITTED'],
  [TWO_QUARTERS_AGO, 'RETURNED'],
  [THREE_AGO, 'APPROVED'],
  [FOUR_AGO, 'APPROVED'],
];

type Caller = 'anonymous' | 'owner A' | 'owner B' | 'reviewer' | 'admin';

describe('who sees which status updates', () => {
  let t: TestApp;
  let callers: Record<Caller, TokenOptions | undefined>;
  /** initiative A of agency A, initiative B of agency B; their updates' ids by period */
  const updates: Record<'A' | 'B', Map<string, string>> = { A: new Map(), B: new Map() };

  beforeAll(async () => {
    t = await createTestApp();
    const plan = await insertPlan(t, { goals: 1, agencies: 2, initiatives: 2 });
    callers = {
      anonymous: undefined,
      'owner A': { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'owner-a' },
      'owner B': { role: Role.OWNER, org: plan.agencies[1].orgNumber, sub: 'owner-b' },
      reviewer: { role: Role.REVIEWER, sub: 'reviewer' },
      admin: { role: Role.ADMIN, sub: 'admin' },
    };
    for (const [key, initiativeId] of [
      ['A', plan.initiativeIds[0]],
      ['B', plan.initiativeIds[1]],
    ] as const) {
      for (const [period, state] of STATES) {
        const id = await insertStatusUpdate(t, {
          initiativeId,
          period,
          state: state as 'DRAFT',
          authorSubject: `author-${key}`,
        });
        updates[key].set(period, id);
      }
      // The returned and the approved ones carry a review comment (an approved row changes only with its guard off).
      await t.sql(
        `UPDATE status_update SET review_comment = 'Kommentar' WHERE initiative_id = $1 AND state = 'RETURNED'`,
        [initiativeId],
      );
      await t.sql(`ALTER TABLE status_update DISABLE TRIGGER tr_status_update_approved_is_final`);
      await t.sql(
        `UPDATE status_update SET review_comment = 'Godkjent' WHERE initiative_id = $1 AND state = 'APPROVED'`,
        [initiativeId],
      );
      await t.sql(`ALTER TABLE status_update ENABLE TRIGGER tr_status_update_approved_is_final`);
    }
  });
  afterAll(() => t.close());

  /** Which states of each initiative a caller sees */
  const SEES: Record<Caller, Record<'A' | 'B', string[]>> = {
    anonymous: { A: ['APPROVED', 'APPROVED'], B: ['APPROVED', 'APPROVED'] },
    'owner A': { A: ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'APPROVED'], B: ['APPROVED', 'APPROVED'] },
    'owner B': { A: ['APPROVED', 'APPROVED'], B: ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'APPROVED'] },
    reviewer: {
      A: ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'APPROVED'],
      B: ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'APPROVED'],
    },
    admin: {
      A: ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'APPROVED'],
      B: ['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED', 'APPROVED'],
    },
  };
  const cases = (Object.keys(SEES) as Caller[]).flatMap((caller) =>
    (['A', 'B'] as const).map((key) => [caller, key] as const),
  );

  it.each(cases)('%s: statusUpdate(id) of initiative %s answers null for a hidden update', async (caller, key) => {
    const seen: string[] = [];
    for (const [period, state] of STATES) {
      const data = await t.ok(GET, { id: updates[key].get(period)! }, callers[caller]);
      if (data.statusUpdate) {
        expect(data.statusUpdate.state).toBe(state);
        seen.push(state);
      }
    }
    expect(seen).toEqual(SEES[caller][key]);
  });

  it.each(cases)(
    '%s: Initiative.updates of initiative %s lists and counts only what is visible, newest first',
    async (caller, key) => {
      const approvedId = updates[key].get(FOUR_AGO)!;
      const data = await t.ok(
        graphql(
          `query UpdatesOfInitiative($id: ID!) { statusUpdate(id: $id) { initiative { updates { totalCount edges { node { period state } } pageInfo { hasNextPage } } } } }`,
        ),
        { id: approvedId },
        callers[caller],
      );
      const connection = data.statusUpdate!.initiative.updates;
      const expected = STATES.filter(([, state]) => SEES[caller][key].includes(state)).map(([period, state]) => ({
        period,
        state,
      }));
      expect(connection.edges.map((e) => e.node)).toEqual(expected);
      expect(connection.totalCount).toBe(expected.length);
      expect(connection.pageInfo.hasNextPage).toBe(false);
    },
  );

  it.each(Object.keys(SEES) as Caller[])(
    '%s: latestUpdate, currentStatus and statusHistory show approved updates only',
    async (caller) => {
      const data = await t.ok(
        graphql(
          `query ReportingOfInitiative($id: ID!) { statusUpdate(id: $id) { initiative { latestUpdate { period state } currentStatus statusHistory { period status } } } }`,
        ),
        { id: updates.A.get(FOUR_AGO)! },
        callers[caller],
      );
      expect(data.statusUpdate!.initiative).toEqual({
        latestUpdate: { period: THREE_AGO, state: 'APPROVED' },
        currentStatus: 'ON_TRACK',
        statusHistory: [
          { period: FOUR_AGO, status: 'ON_TRACK' },
          { period: THREE_AGO, status: 'ON_TRACK' },
        ],
      });
    },
  );

  it('pages through the updates newest first, the total staying the same', async () => {
    const query = graphql(`query UpdatesPage($id: ID!, $after: String) { statusUpdate(id: $id) { initiative {
      updates(first: 2, after: $after) { totalCount edges { cursor node { period } } pageInfo { hasNextPage hasPreviousPage endCursor } } } } }`);
    const periods: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const data: UpdatesPageQuery = await t.ok(query, { id: updates.A.get(FOUR_AGO)!, after }, callers.reviewer);
      const connection = data.statusUpdate!.initiative.updates;
      expect(connection.totalCount).toBe(5);
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      periods.push(...connection.edges.map((e) => e.node.period));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(periods).toEqual(STATES.map(([period]) => period));
  });

  it('refuses a cursor that is not from the list', async () => {
    const res = await t.gql(
      graphql(
        `query UpdatesAfterUnknownCursor($id: ID!) { statusUpdate(id: $id) { initiative { updates(after: "bm9wZQ") { totalCount } } } }`,
      ),
      {
        id: updates.A.get(FOUR_AGO)!,
      },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['anonymous', null],
    ['owner A', { subject: 'author-A', name: null }],
    ['owner B', { subject: 'author-A', name: null }],
    ['reviewer', { subject: 'author-A', name: null }],
    ['admin', { subject: 'author-A', name: null }],
  ] as const)('%s: the author and the review comment are for signed-in callers only', async (caller, author) => {
    const query = graphql(
      `query UpdateAuthorAndComment($id: ID!) { statusUpdate(id: $id) { author { subject name } reviewComment } }`,
    );
    const approved = await t.ok(query, { id: updates.A.get(FOUR_AGO)! }, callers[caller]);
    expect(approved.statusUpdate).toEqual({ author, reviewComment: author ? 'Godkjent' : null });
    const returned = await t.ok(query, { id: updates.A.get(TWO_QUARTERS_AGO)! }, callers[caller]);
    if (caller === 'owner B' || caller === 'anonymous') expect(returned.statusUpdate).toBeNull();
    else expect(returned.statusUpdate).toEqual({ author, reviewComment: 'Kommentar' });
  });

  it('answers null for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'x', "' OR 1=1 --"]) {
      expect((await t.ok(GET, { id }, callers.admin)).statusUpdate).toBeNull();
    }
  });
});
