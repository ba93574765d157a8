import { graphql } from './graphql/graphql.js';
import { insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import { APPROVE, outcome, RETURN, SAVE, saveInput, SUBMIT, THIS_QUARTER } from './support/status-updates.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

type Caller = 'anonymous' | 'owner of the organisation' | 'owner of another' | 'reviewer' | 'admin';
type Mutation = 'save' | 'submit' | 'approve' | 'return';

/**
 * Who may do what (DESIGN.md, "Who sees and does what"): every mutation against every kind of caller.
 * Each case starts from its own update in the state the mutation needs, written by the organisation's owner.
 */
const MATRIX: [Mutation, Caller, string][] = [
  ['save', 'anonymous', 'UNAUTHENTICATED'],
  ['save', 'owner of the organisation', 'OK'],
  ['save', 'owner of another', 'FORBIDDEN'],
  ['save', 'reviewer', 'FORBIDDEN'],
  ['save', 'admin', 'OK'],
  ['submit', 'anonymous', 'UNAUTHENTICATED'],
  ['submit', 'owner of the organisation', 'OK'],
  ['submit', 'owner of another', 'FORBIDDEN'],
  ['submit', 'reviewer', 'FORBIDDEN'],
  ['submit', 'admin', 'OK'],
  ['approve', 'anonymous', 'UNAUTHENTICATED'],
  ['approve', 'owner of the organisation', 'FORBIDDEN'],
  ['approve', 'owner of another', 'FORBIDDEN'],
  ['approve', 'reviewer', 'OK'],
  ['approve', 'admin', 'OK'],
  ['return', 'anonymous', 'UNAUTHENTICATED'],
  ['return', 'owner of the organisation', 'FORBIDDEN'],
  ['return', 'owner of another', 'FORBIDDEN'],
  ['return', 'reviewer', 'OK'],
  ['return', 'admin', 'OK'],
];

/** The state each mutation starts from and the state it leads to. */
const STEPS: Record<Mutation, { from: 'DRAFT' | 'SUBMITTED' | null; to: string }> = {
  save: { from: null, to: 'DRAFT' },
  submit: { from: 'DRAFT', to: 'SUBMITTED' },
  approve: { from: 'SUBMITTED', to: 'APPROVED' },
  return: { from: 'SUBMITTED', to: 'RETURNED' },
};

describe('status updates: who may do what', () => {
  let t: TestApp;
  let plan: PlanFixture;
  let callers: Record<Caller, TokenOptions | undefined>;
  let next = 0;
  /** Initiatives of agency 0 (the own organisation): every other one */
  const freshInitiative = () => plan.initiativeIds[2 * next++];

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 1, agencies: 2, initiatives: 60 });
    callers = {
      anonymous: undefined,
      'owner of the organisation': { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'owner-own' },
      'owner of another': { role: Role.OWNER, org: plan.agencies[1].orgNumber, sub: 'owner-other' },
      reviewer: { role: Role.REVIEWER, sub: 'reviewer' },
      admin: { role: Role.ADMIN, sub: 'admin' },
    };
  });
  afterAll(() => t.close());

  async function run(mutation: Mutation, caller: TokenOptions | undefined, initiativeId: string, id: string | null) {
    switch (mutation) {
      case 'save':
        return t.gql(SAVE, { input: saveInput(initiativeId) }, caller);
      case 'submit':
        return t.gql(SUBMIT, { id: id! }, caller);
      case 'approve':
        return t.gql(APPROVE, { id: id!, comment: 'Godkjent' }, caller);
      case 'return':
        return t.gql(RETURN, { id: id!, comment: 'Rett opp' }, caller);
    }
  }

  it.each(MATRIX)('%s by %s: %s', async (mutation, caller, expected) => {
    const initiativeId = freshInitiative();
    const from = STEPS[mutation].from;
    const id = from
      ? await insertStatusUpdate(t, { initiativeId, period: THIS_QUARTER, state: from, authorSubject: 'owner-own' })
      : null;
    const events = (await t.sql(`SELECT count(*)::int AS n FROM audit_event`))[0].n;

    const res = await run(mutation, callers[caller], initiativeId, id);
    expect(outcome(res)).toBe(expected);

    const rows = await t.sql(`SELECT state FROM status_update WHERE initiative_id = $1`, [initiativeId]);
    const after = (await t.sql(`SELECT count(*)::int AS n FROM audit_event`))[0].n;
    if (expected === 'OK') {
      expect(rows).toEqual([{ state: STEPS[mutation].to }]);
      expect(after).toBeGreaterThan(events);
    } else {
      // Refused: nothing written, no event.
      expect(rows).toEqual(from ? [{ state: from }] : []);
      expect(after).toBe(events);
    }
  });

  it.each([
    ['an owner without an organisation', { role: Role.OWNER, sub: 'no-org' }],
    ['a signed-in caller without a role', { sub: 'nobody' }],
  ])('refuses saving to %s', async (_name, caller) => {
    const initiativeId = freshInitiative();
    expect(outcome(await t.gql(SAVE, { input: saveInput(initiativeId) }, caller))).toBe('FORBIDDEN');
  });

  it.each([
    ['reviewQueue', graphql('query ReviewQueueCount { reviewQueue { totalCount } }')],
    ['auditLog', graphql('query AuditLogCount { auditLog { totalCount } }')],
  ])('gives %s to REVIEWER and ADMIN only', async (_name, query) => {
    expect(outcome(await t.gql(query))).toBe('UNAUTHENTICATED');
    expect(outcome(await t.gql(query, {}, callers['owner of the organisation']))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(query, {}, { sub: 'nobody' }))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(query, {}, callers.reviewer))).toBe('OK');
    expect(outcome(await t.gql(query, {}, callers.admin))).toBe('OK');
  });

  it('gives myInitiatives to every signed-in role', async () => {
    const query = graphql('query MyInitiativesCount { myInitiatives { totalCount } }');
    expect(outcome(await t.gql(query))).toBe('UNAUTHENTICATED');
    expect(outcome(await t.gql(query, {}, { sub: 'nobody' }))).toBe('FORBIDDEN');
    for (const caller of ['owner of the organisation', 'reviewer', 'admin'] as const) {
      expect(outcome(await t.gql(query, {}, callers[caller]))).toBe('OK');
    }
  });
});
