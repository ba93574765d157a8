import { currentQuarter, nextQuarter } from '../src/common/quarter.js';
import type { FrozenReportQuery, LiveOverviewQuery } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { databaseFingerprint } from './support/db-fingerprint.js';
import {
  insertGoal,
  insertInitiative,
  insertOrganization,
  insertPlan,
  insertStatusUpdate,
  insertStrategy,
  PlanFixture,
} from './support/plan-fixtures.js';
import { APPROVE, LAST_QUARTER, outcome, RETURN, SAVE, saveInput, SUBMIT } from './support/status-updates.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

graphql(`fragment RoundFields on ReportingRound {
  period state dueDate message openedAt closedAt version late expected drafts submitted approved returned missing { code }
}`);
const OPEN = graphql(
  `mutation OpenRound($input: OpenReportingRoundInput!) { openReportingRound(input: $input) { ...RoundFields } }`,
);
const DUE = graphql(`mutation SetRoundDueDate($period: Quarter!, $dueDate: Date!, $expectedVersion: Int) {
  setReportingRoundDueDate(period: $period, dueDate: $dueDate, expectedVersion: $expectedVersion) { ...RoundFields } }`);
const CLOSE = graphql(`mutation CloseRound($period: Quarter!, $expectedVersion: Int) {
  closeReportingRound(period: $period, expectedVersion: $expectedVersion) { ...RoundFields } }`);
const ROUND = graphql(`query Round($period: Quarter!) { reportingRound(period: $period) { ...RoundFields } }`);
const ROUNDS = graphql(`query Rounds { reportingRounds { period state dueDate version closedAt } }`);
const AUDIT = graphql(`query RoundAuditLog($entityType: String, $entityId: ID) {
  auditLog(entityType: $entityType, entityId: $entityId, first: 50) { edges { node { action actor entityType entityId changes } } } }`);
const PUBLISHED_PERIODS = graphql(`query PublishedPeriods { publishedPeriods }`);

graphql(`fragment OverviewFields on StatusOverview {
  strategy { slug title }
  period initiativeCount notReported lastPublishedAt reportClosedAt
  statusCounts { status count }
  obstacleCounts { obstacle count }
  goals {
    goal { id number title }
    initiativeCount notReported
    statusCounts { status count }
    initiatives {
      status upToDate
      update { id period status state summary obstacles publishedAt }
      initiative { id code title executingAgency { name } }
    }
  }
}`);
const LIVE = graphql(`query LiveOverview($strategy: String, $period: Quarter) {
  statusOverview(strategy: $strategy, period: $period) { ...OverviewFields } }`);
const PUBLISHED = graphql(`query FrozenReport($strategy: String, $period: Quarter!) {
  publishedReport(strategy: $strategy, period: $period) { ...OverviewFields } }`);

const admin = { role: Role.ADMIN, sub: 'admin-ada' };
const reviewer = { role: Role.REVIEWER, sub: 'reviewer-rita' };

/** The date `days` after a YYYY-MM-DD date. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe('the round as a process: open, move the due date, close', () => {
  let t: TestApp;
  let plan: PlanFixture;

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 2, agencies: 1, initiatives: 3 });
    await insertStatusUpdate(t, {
      initiativeId: plan.initiativeIds[0],
      period: '2024-Q3',
      state: 'APPROVED',
      submittedAt: new Date('2024-10-01T08:00:00Z'),
    });
  });
  afterAll(() => t.close());

  it('answers the counts but no round fields for a period whose round was never opened', async () => {
    const { reportingRound } = await t.ok(ROUND, { period: '2024-Q3' }, reviewer);
    expect(reportingRound).toMatchObject({
      period: '2024-Q3',
      state: null,
      dueDate: null,
      message: null,
      openedAt: null,
      closedAt: null,
      version: null,
      late: 0,
      expected: 3,
      approved: 1,
    });
  });

  it('opens a round for ADMIN only, with its due date and message, and never twice', async () => {
    const input = { period: '2024-Q3', dueDate: '2024-10-15', message: 'Frist 15. oktober ✅' };
    expect(codes(await t.gql(OPEN, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(OPEN, { input }, reviewer))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(OPEN, { input }, { role: Role.OWNER, org: plan.agencies[0].orgNumber }))).toEqual([
      'FORBIDDEN',
    ]);

    const { openReportingRound: round } = await t.ok(OPEN, { input }, admin);
    expect(round).toMatchObject({
      period: '2024-Q3',
      state: 'OPEN',
      dueDate: '2024-10-15',
      message: 'Frist 15. oktober ✅',
      closedAt: null,
      version: 1,
      expected: 3,
      approved: 1,
    });
    expect(Math.abs(Date.parse(round.openedAt!) - Date.now())).toBeLessThan(60_000);
    // The due date has passed, so the two ACTIVE initiatives without an update are late (1.1 came in time).
    expect(round.late).toBe(2);
    expect(round.missing.map((i) => i.code)).toEqual(['1.2', '2.1']);

    const again = await t.gql(OPEN, { input: { ...input, dueDate: '2024-11-01' } }, admin);
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(fields(again)).toEqual(['input.period']);
  });

  it('refuses a due date before the period and a period that has not begun', async () => {
    const early = await t.gql(OPEN, { input: { period: '2024-Q2', dueDate: '2024-03-31' } }, admin);
    expect(codes(early)).toEqual(['BAD_USER_INPUT']);
    expect(fields(early)).toEqual(['input.dueDate']);
    const future = nextQuarter(currentQuarter());
    const late = await t.gql(OPEN, { input: { period: future, dueDate: '2099-01-01' } }, admin);
    expect(codes(late)).toEqual(['BAD_USER_INPUT']);
    expect(fields(late)).toEqual(['input.period']);
    const due = await t.gql(DUE, { period: '2024-Q3', dueDate: '2024-06-30' }, admin);
    expect(fields(due)).toEqual(['dueDate']);
    expect(await t.sql(`SELECT period FROM reporting_round ORDER BY period`)).toEqual([{ period: '2024-Q3' }]);
  });

  it('moves the due date of an OPEN round; a stale expectedVersion is CONFLICT and writes nothing', async () => {
    const before = await databaseFingerprint(t);
    const stale = await t.gql(DUE, { period: '2024-Q3', dueDate: '2024-10-31', expectedVersion: 7 }, admin);
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(fields(stale)).toEqual(['expectedVersion']);
    expect(await databaseFingerprint(t)).toEqual(before);

    const { setReportingRoundDueDate: moved } = await t.ok(
      DUE,
      { period: '2024-Q3', dueDate: '2024-10-31', expectedVersion: 1 },
      admin,
    );
    expect(moved).toMatchObject({ dueDate: '2024-10-31', version: 2, state: 'OPEN' });
    expect(codes(await t.gql(DUE, { period: '2024-Q2', dueDate: '2024-07-31' }, admin))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(DUE, { period: '2024-Q3', dueDate: '2024-11-30' }, reviewer))).toEqual(['FORBIDDEN']);
  });

  it('closes an OPEN round once; a stale expectedVersion is CONFLICT and writes nothing', async () => {
    const before = await databaseFingerprint(t);
    const stale = await t.gql(CLOSE, { period: '2024-Q3', expectedVersion: 1 }, admin);
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(await databaseFingerprint(t)).toEqual(before);
    expect(codes(await t.gql(CLOSE, { period: '2024-Q3' }, reviewer))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(CLOSE, { period: '2024-Q1' }, admin))).toEqual(['NOT_FOUND']);

    const { closeReportingRound: closed } = await t.ok(CLOSE, { period: '2024-Q3', expectedVersion: 2 }, admin);
    expect(closed).toMatchObject({ state: 'CLOSED', version: 3, dueDate: '2024-10-31' });
    expect(Date.parse(closed.closedAt!)).toBeGreaterThan(Date.parse(closed.openedAt!));

    expect(codes(await t.gql(CLOSE, { period: '2024-Q3' }, admin))).toEqual(['INVALID_STATE']);
    expect(codes(await t.gql(DUE, { period: '2024-Q3', dueDate: '2024-12-01' }, admin))).toEqual(['INVALID_STATE']);
    // Opening it again is CONFLICT too: a closed round stays closed.
    expect(codes(await t.gql(OPEN, { input: { period: '2024-Q3', dueDate: '2024-10-15' } }, admin))).toEqual([
      'CONFLICT',
    ]);
    expect((await t.ok(PUBLISHED_PERIODS)).publishedPeriods).toEqual(['2024-Q3']);
  });

  it('lists every opened round, newest first, for REVIEWER and ADMIN', async () => {
    await t.ok(OPEN, { input: { period: '2024-Q4', dueDate: '2025-01-15' } }, admin);
    await t.ok(OPEN, { input: { period: '2024-Q1', dueDate: '2024-04-15' } }, admin);
    const { reportingRounds } = await t.ok(ROUNDS, {}, reviewer);
    expect(reportingRounds.map((r) => [r.period, r.state, r.dueDate, r.version])).toEqual([
      ['2024-Q4', 'OPEN', '2025-01-15', 1],
      ['2024-Q3', 'CLOSED', '2024-10-31', 3],
      ['2024-Q1', 'OPEN', '2024-04-15', 1],
    ]);
    expect(codes(await t.gql(ROUNDS, {}, { role: Role.OWNER, org: plan.agencies[0].orgNumber }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await t.gql(ROUNDS))).toEqual(['UNAUTHENTICATED']);
  });

  it('audits every step with entityType ReportingRound and the period as entityId', async () => {
    const { auditLog } = await t.ok(AUDIT, { entityType: 'ReportingRound', entityId: '2024-Q3' }, reviewer);
    const events = auditLog.edges.map((e) => e.node);
    expect(events.map((e) => [e.action, e.actor, e.entityType, e.entityId])).toEqual([
      ['reportingRound.close', 'admin-ada', 'ReportingRound', '2024-Q3'],
      ['reportingRound.setDueDate', 'admin-ada', 'ReportingRound', '2024-Q3'],
      ['reportingRound.open', 'admin-ada', 'ReportingRound', '2024-Q3'],
    ]);
    const [close, due, open] = events;
    expect(open.changes.before).toBeNull();
    expect(open.changes.after).toMatchObject({ period: '2024-Q3', state: 'OPEN', dueDate: '2024-10-15' });
    expect(due.changes).toEqual({ before: { dueDate: '2024-10-15' }, after: { dueDate: '2024-10-31' } });
    expect(close.changes.before).toEqual({ state: 'OPEN', closedAt: null, closedBy: null });
    expect(close.changes.after).toMatchObject({ state: 'CLOSED', closedBy: 'admin-ada' });
  });
});

/**
 * The frozen report on a constructed plan, strategy "plan" (goals 1-3) and a second strategy "other":
 *
 *   code  goals  2024-Q1                    2024-Q2 at the close
 *   1.1   1      -                          APPROVED ON_TRACK [CAPACITY]
 *   1.2   1      APPROVED MINOR_DELAYS      -                          (stale; later moved to goal 3)
 *   2.1   2      APPROVED NOT_STARTED       SUBMITTED COMPLETED        (approved after the close)
 *   2.2   1, 2   -                          APPROVED MAJOR_DELAYS [FUNDING, LEGAL]
 *   3.1   3      -                          -                          (never reported)
 *   other 1.1    -                          APPROVED ON_TRACK
 */
describe('the published report: frozen when the round closes', () => {
  let t: TestApp;
  let ids: Record<string, string>;
  let goals: string[];
  let agencyId: string;
  let atClose: LiveOverviewQuery['statusOverview'];
  let frozen: NonNullable<FrozenReportQuery['publishedReport']>;

  beforeAll(async () => {
    t = await createTestApp({ env: { RESPONSE_CACHE_TTL: '0' } });
    const strategy = await insertStrategy(t, { slug: 'plan' });
    goals = [
      await insertGoal(t, strategy.id, 1),
      await insertGoal(t, strategy.id, 2),
      await insertGoal(t, strategy.id, 3),
    ];
    const agency = await insertOrganization(t, { name: 'Digdir' });
    agencyId = agency.id;
    const initiative = (code: string, goalIds: string[]) =>
      insertInitiative(t, { strategyId: strategy.id, code, goalIds, executingAgencyId: agency.id });
    ids = {
      '1.1': await initiative('1.1', [goals[0]]),
      '1.2': await initiative('1.2', [goals[0]]),
      '2.1': await initiative('2.1', [goals[1]]),
      '2.2': await initiative('2.2', [goals[0], goals[1]]),
      '3.1': await initiative('3.1', [goals[2]]),
    };
    const at = (iso: string) => new Date(`${iso}T10:00:00.000Z`);
    await insertStatusUpdate(t, {
      initiativeId: ids['1.1'],
      period: '2024-Q2',
      status: 'ON_TRACK',
      obstacles: ['CAPACITY'],
      publishedAt: at('2024-07-05'),
    });
    await insertStatusUpdate(t, {
      initiativeId: ids['1.2'],
      period: '2024-Q1',
      status: 'MINOR_DELAYS',
      publishedAt: at('2024-04-10'),
    });
    await insertStatusUpdate(t, {
      initiativeId: ids['2.1'],
      period: '2024-Q1',
      status: 'NOT_STARTED',
      publishedAt: at('2024-04-11'),
    });
    ids.late = await insertStatusUpdate(t, {
      initiativeId: ids['2.1'],
      period: '2024-Q2',
      status: 'COMPLETED',
      state: 'SUBMITTED',
      authorSubject: 'owner-olga',
    });
    await insertStatusUpdate(t, {
      initiativeId: ids['2.2'],
      period: '2024-Q2',
      status: 'MAJOR_DELAYS',
      obstacles: ['FUNDING', 'LEGAL'],
      publishedAt: at('2024-07-09'),
    });
    const other = await insertStrategy(t, { slug: 'other' });
    const otherGoal = await insertGoal(t, other.id, 1);
    const otherInitiative = await insertInitiative(t, {
      strategyId: other.id,
      code: '1.1',
      goalIds: [otherGoal],
      executingAgencyId: agency.id,
    });
    await insertStatusUpdate(t, { initiativeId: otherInitiative, period: '2024-Q2', publishedAt: at('2024-07-20') });

    await t.ok(OPEN, { input: { period: '2024-Q2', dueDate: '2024-07-15' } }, admin);
    atClose = (await t.ok(LIVE, { strategy: 'plan', period: '2024-Q2' })).statusOverview;
    await t.ok(CLOSE, { period: '2024-Q2' }, admin);
    frozen = (await t.ok(PUBLISHED, { strategy: 'plan', period: '2024-Q2' })).publishedReport!;
  });
  afterAll(() => t.close());

  it('is the live overview as it answered at the close, with the moment of the close', async () => {
    expect(atClose.reportClosedAt).toBeNull();
    expect(frozen).toEqual({ ...atClose, reportClosedAt: frozen.reportClosedAt });
    const [round] = await t.sql(`SELECT closed_at FROM reporting_round WHERE period = '2024-Q2'`);
    expect(frozen.reportClosedAt).toBe(round.closed_at.toISOString());
    // The worked-out answer, so that the equality above is not of two empty overviews.
    expect(frozen).toMatchObject({
      initiativeCount: 5,
      notReported: 1,
      lastPublishedAt: '2024-07-09T10:00:00.000Z',
      statusCounts: expect.arrayContaining([
        { status: 'NOT_STARTED', count: 1 },
        { status: 'ON_TRACK', count: 1 },
        { status: 'MINOR_DELAYS', count: 1 },
        { status: 'MAJOR_DELAYS', count: 1 },
      ]),
      obstacleCounts: expect.arrayContaining([
        { obstacle: 'CAPACITY', count: 1 },
        { obstacle: 'FUNDING', count: 1 },
        { obstacle: 'LEGAL', count: 1 },
      ]),
    });
    expect(
      frozen.goals.map((g) => [g.goal.number, g.initiatives.map((s) => [s.initiative.code, s.status, s.upToDate])]),
    ).toEqual([
      [
        1,
        [
          ['1.1', 'ON_TRACK', true],
          ['1.2', 'MINOR_DELAYS', false],
          ['2.2', 'MAJOR_DELAYS', true],
        ],
      ],
      [
        2,
        [
          ['2.1', 'NOT_STARTED', false],
          ['2.2', 'MAJOR_DELAYS', true],
        ],
      ],
      [3, [['3.1', null, false]]],
    ]);
  });

  it('stays identical after a late approval, a new initiative, a move to another goal and an edited goal title', async () => {
    // A late approval of 2.1's 2024-Q2 update (COMPLETED).
    await t.ok(APPROVE, { id: ids.late }, reviewer);
    // A new initiative under goal 3, reported for 2024-Q2.
    const created = await t.ok(
      graphql(
        `mutation CreateInitiativeAfterClose($input: CreateInitiativeInput!) { createInitiative(input: $input) { id } }`,
      ),
      {
        input: {
          strategyId: (await t.sql(`SELECT id FROM strategy WHERE slug = 'plan'`))[0].id,
          code: '3.2',
          title: 'Nytt tiltak',
          summary: 'Kom til etter rapporten',
          goalIds: [goals[2]],
          executingAgencyId: agencyId,
          lifecycle: 'ACTIVE',
        },
      },
      admin,
    );
    await insertStatusUpdate(t, { initiativeId: created.createInitiative.id, period: '2024-Q2', status: 'STOPPED' });
    // 1.2 moves from goal 1 to goal 3; goal 2 gets a new title.
    await t.ok(
      graphql(
        `mutation MoveInitiative($id: ID!, $input: UpdateInitiativeInput!) { updateInitiative(id: $id, input: $input) { id } }`,
      ),
      { id: ids['1.2'], input: { goalIds: [goals[2]] } },
      admin,
    );
    await t.ok(
      graphql(`mutation RenameGoal($id: ID!, $input: UpdateGoalInput!) { updateGoal(id: $id, input: $input) { id } }`),
      { id: goals[1], input: { title: 'Mål to, nytt navn' } },
      admin,
    );

    const live = (await t.ok(LIVE, { strategy: 'plan', period: '2024-Q2' })).statusOverview;
    expect(live).toMatchObject({ initiativeCount: 6, notReported: 1 });
    expect(live.goals.map((g) => [g.goal.number, g.initiatives.map((s) => [s.initiative.code, s.status])])).toEqual([
      [
        1,
        [
          ['1.1', 'ON_TRACK'],
          ['2.2', 'MAJOR_DELAYS'],
        ],
      ],
      [
        2,
        [
          ['2.1', 'COMPLETED'],
          ['2.2', 'MAJOR_DELAYS'],
        ],
      ],
      [
        3,
        [
          ['1.2', 'MINOR_DELAYS'],
          ['3.1', null],
          ['3.2', 'STOPPED'],
        ],
      ],
    ]);
    expect(live).not.toEqual({ ...frozen, reportClosedAt: null });

    const after = (await t.ok(PUBLISHED, { strategy: 'plan', period: '2024-Q2' })).publishedReport;
    // Only the goal's own title is live.
    const expected = structuredClone(frozen);
    expected.goals[1].goal.title = 'Mål to, nytt navn';
    expect(after).toEqual(expected);
  });

  it('is there for every strategy of the close, null for a later one or an unclosed period, NOT_FOUND for an unknown one', async () => {
    const other = (await t.ok(PUBLISHED, { strategy: 'other', period: '2024-Q2' })).publishedReport;
    expect(other).toMatchObject({ initiativeCount: 1, notReported: 0, strategy: { slug: 'other' } });
    // The default strategy is the first created, as for statusOverview.
    expect((await t.ok(PUBLISHED, { period: '2024-Q2' })).publishedReport!.strategy.slug).toBe('plan');
    await insertStrategy(t, { slug: 'newer' });
    expect((await t.ok(PUBLISHED, { strategy: 'newer', period: '2024-Q2' })).publishedReport).toBeNull();
    expect((await t.ok(PUBLISHED, { strategy: 'plan', period: '2024-Q1' })).publishedReport).toBeNull();
    const unknown = await t.gql(PUBLISHED, { strategy: 'nope', period: '2024-Q2' });
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(fields(unknown)).toEqual(['strategy']);
    const future = await t.gql(PUBLISHED, { period: nextQuarter(currentQuarter()) });
    expect(codes(future)).toEqual(['BAD_USER_INPUT']);
  });

  it('is stored, and the database refuses to change it', async () => {
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM published_report_entry WHERE period = '2024-Q2'`);
    expect(n).toBe(7); // plan: 3 + 2 + 1 entries; other: 1
    await expect(t.sql(`UPDATE published_report_entry SET up_to_date = NOT up_to_date`)).rejects.toThrow(
      /never changes/,
    );
    await expect(t.sql(`DELETE FROM published_report_entry`)).rejects.toThrow(/never changes/);
    await expect(t.sql(`UPDATE published_report SET counts = '{}'`)).rejects.toThrow(/never changes/);
    await expect(t.sql(`DELETE FROM published_report`)).rejects.toThrow(/never changes/);
    await expect(t.sql(`TRUNCATE published_report_entry`)).rejects.toThrow(/never changes/);
    expect((await t.sql(`SELECT count(*)::int AS n FROM published_report_entry`))[0].n).toBe(7);
  });
});

/**
 * Lateness around midnight in Oslo, on the previous quarter's round with its due date yesterday (in Oslo).
 * First submissions are written into the rows with SQL (the API stamps the real time):
 *
 *   initiative  update                                        late (due yesterday / today / the day before)
 *   i0          SUBMITTED, first at 23:59 yesterday (Oslo)    false / false / true
 *   i1          SUBMITTED, first at 00:01 today (Oslo)        true  / false / true
 *   i2          DRAFT, never submitted                        true  / false / true
 *   i3          -                                             (counted) / - / (counted)
 *   i4          APPROVED, first at 12:00 yesterday (Oslo)     false / false / true
 *   i5          PLANNED, no update                            (not expected)
 */
describe('lateness', () => {
  let t: TestApp;
  let plan: PlanFixture;
  let updates: string[];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
  const yesterday = addDays(today, -1);
  const LATE = graphql(
    `query UpdateLateness($id: ID!) { statusUpdate(id: $id) { late firstSubmittedAt submittedAt state } }`,
  );
  const oslo = async (date: string, time: string): Promise<Date> =>
    (await t.sql(`SELECT (($1::date + $2::time) AT TIME ZONE 'Europe/Oslo') AS at`, [date, time]))[0].at;

  beforeAll(async () => {
    t = await createTestApp({ env: { RESPONSE_CACHE_TTL: '0' } });
    plan = await insertPlan(t, { goals: 1, agencies: 1, initiatives: 6 });
    await t.sql(`UPDATE initiative SET lifecycle = 'PLANNED' WHERE id = $1`, [plan.initiativeIds[5]]);
    const update = (i: number, state: 'DRAFT' | 'SUBMITTED' | 'APPROVED', first: Date | null) =>
      insertStatusUpdate(t, {
        initiativeId: plan.initiativeIds[i],
        period: LAST_QUARTER,
        state,
        submittedAt: first ?? undefined,
        firstSubmittedAt: first,
      });
    updates = [
      await update(0, 'SUBMITTED', await oslo(yesterday, '23:59')),
      await update(1, 'SUBMITTED', await oslo(today, '00:01')),
      await update(2, 'DRAFT', null),
      '',
      await update(4, 'APPROVED', await oslo(yesterday, '12:00')),
    ];
  });
  afterAll(() => t.close());

  // null: an anonymous caller (undefined would take the default, the reviewer).
  const lateOf = async (i: number, auth: TokenOptions | null = reviewer) =>
    (await t.ok(LATE, { id: updates[i] }, auth ?? undefined)).statusUpdate!;
  const roundLate = async () => (await t.ok(ROUND, { period: LAST_QUARTER }, reviewer)).reportingRound.late;

  it('is null while the period has no round', async () => {
    expect((await lateOf(0)).late).toBeNull();
    expect(await roundLate()).toBe(0);
  });

  it('judges the first submission against the end of the due date, midnight in Oslo', async () => {
    await t.ok(OPEN, { input: { period: LAST_QUARTER, dueDate: yesterday } }, admin);
    expect((await lateOf(0)).late).toBe(false);
    expect((await lateOf(1)).late).toBe(true);
    expect((await lateOf(2)).late).toBe(true);
    // Visible to whoever sees the update: anonymous callers see the approved one.
    expect((await lateOf(4, null)).late).toBe(false);
    expect(Date.parse((await lateOf(1)).firstSubmittedAt!)).toBe((await oslo(today, '00:01')).getTime());
    // i1 and i2 late, i3 has no update after the due date; i5 is not expected.
    expect(await roundLate()).toBe(3);
  });

  it('follows a moved due date', async () => {
    await t.ok(DUE, { period: LAST_QUARTER, dueDate: today }, admin);
    expect([(await lateOf(0)).late, (await lateOf(1)).late, (await lateOf(2)).late, (await lateOf(4)).late]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(await roundLate()).toBe(0);

    await t.ok(DUE, { period: LAST_QUARTER, dueDate: addDays(today, -2) }, admin);
    expect([(await lateOf(0)).late, (await lateOf(1)).late, (await lateOf(2)).late, (await lateOf(4)).late]).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(await roundLate()).toBe(5);
  });

  it('stays with the round after it closes', async () => {
    await t.ok(DUE, { period: LAST_QUARTER, dueDate: yesterday }, admin);
    await t.ok(CLOSE, { period: LAST_QUARTER }, admin);
    expect(await roundLate()).toBe(3);
    expect((await lateOf(1)).late).toBe(true);
  });
});

describe('withdrawing a submitted update', () => {
  let t: TestApp;
  let plan: PlanFixture;
  let owner: { role: Role; org: string; sub: string };
  const WITHDRAW = graphql(`mutation WithdrawStatusUpdate($id: ID!, $expectedVersion: Int) {
    withdrawStatusUpdate(id: $id, expectedVersion: $expectedVersion) { id state version submittedAt firstSubmittedAt late } }`);

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 1, agencies: 2, initiatives: 4 });
    owner = { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'owner-olga' };
  });
  afterAll(() => t.close());

  const authors = async (id: string) =>
    (await t.sql(`SELECT subject FROM status_update_author WHERE status_update_id = $1 ORDER BY subject`, [id])).map(
      (r: any) => r.subject,
    );

  it('takes a SUBMITTED update back to DRAFT, keeping firstSubmittedAt, without making the caller an author', async () => {
    const saved = (await t.ok(SAVE, { input: saveInput(plan.initiativeIds[0], LAST_QUARTER) }, owner)).saveStatusUpdate;
    const submitted = (await t.ok(SUBMIT, { id: saved.id }, owner)).submitStatusUpdate;
    const [first] = await t.sql(`SELECT first_submitted_at FROM status_update WHERE id = $1`, [saved.id]);
    expect(first.first_submitted_at.toISOString()).toBe(submitted.submittedAt);

    const stale = await t.gql(WITHDRAW, { id: saved.id, expectedVersion: submitted.version - 1 }, admin);
    expect(codes(stale)).toEqual(['CONFLICT']);

    // An admin withdraws the owner's update: it is DRAFT again, and the admin may still review it later.
    const { withdrawStatusUpdate: withdrawn } = await t.ok(
      WITHDRAW,
      { id: saved.id, expectedVersion: submitted.version },
      admin,
    );
    expect(withdrawn).toMatchObject({ state: 'DRAFT', version: submitted.version + 1 });
    expect(withdrawn.firstSubmittedAt).toBe(submitted.submittedAt);
    expect(withdrawn.late).toBeNull(); // no round for the period
    expect(await authors(saved.id)).toEqual(['owner-olga']);

    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = (await t.ok(SUBMIT, { id: saved.id }, owner)).submitStatusUpdate;
    const [row] = await t.sql(`SELECT first_submitted_at, submitted_at FROM status_update WHERE id = $1`, [saved.id]);
    expect(row.first_submitted_at.toISOString()).toBe(submitted.submittedAt);
    expect(again.submittedAt).not.toBe(submitted.submittedAt);
    // Four eyes counts savers and submitters only: the admin who withdrew it approves it.
    expect(outcome(await t.gql(APPROVE, { id: saved.id }, admin))).toBe('OK');

    const { auditLog } = await t.ok(AUDIT, { entityType: 'StatusUpdate', entityId: saved.id }, reviewer);
    const withdrawal = auditLog.edges.map((e) => e.node).find((e) => e.action === 'statusUpdate.withdraw');
    expect(withdrawal).toMatchObject({
      actor: 'admin-ada',
      changes: { before: { state: 'SUBMITTED' }, after: { state: 'DRAFT' } },
    });
  });

  it('is refused from every other state', async () => {
    const [i1, i2, i3] = plan.initiativeIds.slice(1);
    const other = { role: Role.OWNER, org: plan.agencies[1].orgNumber, sub: 'owner-other' };
    // i2 is the first agency's (owner), i1 and i3 the second's (other).
    const draft = (await t.ok(SAVE, { input: saveInput(i2, LAST_QUARTER) }, owner)).saveStatusUpdate.id;
    const returned = (await t.ok(SAVE, { input: saveInput(i1, LAST_QUARTER) }, other)).saveStatusUpdate.id;
    await t.ok(SUBMIT, { id: returned }, other);
    await t.ok(RETURN, { id: returned, comment: 'Mer, takk' }, reviewer);
    const approved = (await t.ok(SAVE, { input: saveInput(i3, LAST_QUARTER) }, other)).saveStatusUpdate.id;
    await t.ok(SUBMIT, { id: approved }, other);
    await t.ok(APPROVE, { id: approved }, reviewer);
    const submitted = await insertStatusUpdate(t, {
      initiativeId: plan.initiativeIds[0],
      period: '2024-Q1',
      state: 'SUBMITTED',
    });

    const states = async () =>
      (await t.sql(`SELECT id, state FROM status_update WHERE id = ANY($1::uuid[])`, [[draft, returned, approved]]))
        .map((r: any) => `${r.state}`)
        .sort();
    const before = await states();
    expect(before).toEqual(['APPROVED', 'DRAFT', 'RETURNED']);
    for (const id of [draft, returned, approved]) {
      expect(outcome(await t.gql(WITHDRAW, { id }, admin))).toBe('INVALID_STATE');
    }
    expect(await states()).toEqual(before);

    // Whoever may save it: not a reviewer, not an owner of another organisation.
    expect(outcome(await t.gql(WITHDRAW, { id: submitted }, reviewer))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(WITHDRAW, { id: submitted }, other))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(WITHDRAW, { id: '00000000-0000-4000-8000-000000000000' }, owner))).toBe('NOT_FOUND');
    expect(outcome(await t.gql(WITHDRAW, { id: submitted }, owner))).toBe('OK');
  });

  it('keeps firstSubmittedAt through a return and a second submission', async () => {
    const saved = (await t.ok(SAVE, { input: saveInput(plan.initiativeIds[0], '2023-Q4') }, owner)).saveStatusUpdate;
    const first = (await t.ok(SUBMIT, { id: saved.id }, owner)).submitStatusUpdate.submittedAt;
    await t.ok(RETURN, { id: saved.id, comment: 'Utdyp' }, reviewer);
    await t.ok(SAVE, { input: saveInput(plan.initiativeIds[0], '2023-Q4', { summary: 'Utdypet' }) }, owner);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = (await t.ok(SUBMIT, { id: saved.id }, owner)).submitStatusUpdate.submittedAt;
    expect(second).not.toBe(first);
    const read = (
      await t.ok(
        graphql(`query FirstSubmittedAt($id: ID!) { statusUpdate(id: $id) { firstSubmittedAt } }`),
        { id: saved.id },
        owner,
      )
    ).statusUpdate!;
    expect(read.firstSubmittedAt).toBe(first);
  });
});
