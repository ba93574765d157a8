import type { ReviewQueueQuery } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import {
  APPROVE,
  LAST_QUARTER,
  SAVE,
  saveInput,
  SUBMIT,
  THIS_QUARTER,
  TWO_QUARTERS_AGO,
} from './support/status-updates.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const QUEUE = graphql(`query ReviewQueue($period: Quarter, $first: Int, $after: String) {
  reviewQueue(period: $period, first: $first, after: $after) {
    totalCount
    edges { cursor node { id period state submittedAt initiative { id } author { subject } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }`);

describe('the review queue', () => {
  let t: TestApp;
  let plan: PlanFixture;
  const reviewer = { role: Role.REVIEWER, sub: 'reviewer' };
  /** Submitted updates in submission order */
  const queued: { id: string; period: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 1, agencies: 2, initiatives: 12 });
    // Submission times out of insertion order; two share a millisecond and differ in microseconds only.
    const times = [
      '2026-03-01 10:00:00.000300+00',
      '2026-01-15 08:00:00+00',
      '2026-03-01 10:00:00.000100+00',
      '2026-02-01 12:00:00+00',
      '2026-03-01 10:00:00.000200+00',
      '2025-12-24 09:00:00+00',
    ];
    const periods = [THIS_QUARTER, LAST_QUARTER];
    const made: { id: string; period: string; at: string }[] = [];
    for (const [i, at] of times.entries()) {
      const period = periods[i % 2];
      const id = await insertStatusUpdate(t, { initiativeId: plan.initiativeIds[i], period, state: 'SUBMITTED' });
      await t.sql(`UPDATE status_update SET submitted_at = $2 WHERE id = $1`, [id, at]);
      made.push({ id, period, at });
    }
    const [{ order }] = await t.sql(
      `SELECT array_agg(id::text ORDER BY submitted_at, id) AS order FROM status_update WHERE state = 'SUBMITTED'`,
    );
    queued.push(...order.map((id: string) => made.find((m) => m.id === id)!));
    // Not in the queue: the other states.
    for (const [i, state] of (['DRAFT', 'APPROVED', 'RETURNED'] as const).entries()) {
      await insertStatusUpdate(t, { initiativeId: plan.initiativeIds[6 + i], period: THIS_QUARTER, state });
    }
  });
  afterAll(() => t.close());

  it('lists the SUBMITTED updates, oldest submission first', async () => {
    const data = await t.ok(QUEUE, {}, reviewer);
    expect(data.reviewQueue.totalCount).toBe(6);
    expect(data.reviewQueue.edges.map((e) => e.node.id)).toEqual(queued.map((q) => q.id));
    expect(data.reviewQueue.edges.every((e) => e.node.state === 'SUBMITTED')).toBe(true);
    expect(data.reviewQueue.edges[0].node.author).toEqual({ subject: 'fixture-owner' });
    const times = data.reviewQueue.edges.map((e) => Date.parse(e.node.submittedAt!));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('pages through the queue without losing or repeating an update, even within one millisecond', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: ReviewQueueQuery = await t.ok(QUEUE, { first: 2, after }, reviewer);
      expect(data.reviewQueue.totalCount).toBe(6);
      expect(data.reviewQueue.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...data.reviewQueue.edges.map((e) => e.node.id));
      if (!data.reviewQueue.pageInfo.hasNextPage) break;
      after = data.reviewQueue.pageInfo.endCursor;
    }
    expect(seen).toEqual(queued.map((q) => q.id));
  });

  it('narrows the queue to one period', async () => {
    for (const period of [THIS_QUARTER, LAST_QUARTER]) {
      const data = await t.ok(QUEUE, { period }, reviewer);
      const expected = queued.filter((q) => q.period === period).map((q) => q.id);
      expect(data.reviewQueue.edges.map((e) => e.node.id)).toEqual(expected);
      expect(data.reviewQueue.totalCount).toBe(3);
    }
    const none = await t.ok(QUEUE, { period: TWO_QUARTERS_AGO }, reviewer);
    expect(none.reviewQueue).toMatchObject({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  it('refuses a malformed period or cursor', async () => {
    expect(codes(await t.gql(QUEUE, { period: '2024-Q0' }, reviewer))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(QUEUE, { after: 'eyJ4Ijox' }, reviewer))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await t.gql(QUEUE, { after: Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url') }, reviewer),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(QUEUE, { first: 201 }, reviewer))).toEqual(['BAD_USER_INPUT']);
    // Shaped like a cursor of this list, but the instant is none: refused as a cursor, not failed in the database.
    const impossible = await t.gql(
      QUEUE,
      {
        after: Buffer.from(
          JSON.stringify(['2024-02-30T08:00:00.000000Z', '00000000-0000-4000-8000-000000000000']),
        ).toString('base64url'),
      },
      reviewer,
    );
    expect(codes(impossible)).toEqual(['BAD_USER_INPUT']);
    expect(fields(impossible)).toEqual(['after']);
  });

  it('takes in a new submission at the end and lets go of a reviewed one', async () => {
    const owner = { role: Role.OWNER, org: plan.agencies[1].orgNumber, sub: 'owner-b' };
    const initiativeId = plan.initiativeIds[11];
    const draft = (await t.ok(SAVE, { input: saveInput(initiativeId) }, owner)).saveStatusUpdate;
    await t.ok(SUBMIT, { id: draft.id }, owner);
    let data = await t.ok(QUEUE, {}, reviewer);
    expect(data.reviewQueue.totalCount).toBe(7);
    expect(data.reviewQueue.edges.at(-1)!.node.id).toBe(draft.id);

    await t.ok(APPROVE, { id: queued[0].id }, reviewer);
    data = await t.ok(QUEUE, {}, { role: Role.ADMIN, sub: 'admin' });
    expect(data.reviewQueue.totalCount).toBe(6);
    expect(data.reviewQueue.edges.map((e) => e.node.id)).toEqual([...queued.slice(1).map((q) => q.id), draft.id]);
  });
});
