import type { TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core';
import { graphql } from './graphql/graphql.js';
import { databaseFingerprint } from './support/db-fingerprint.js';
import { insertPlan, insertStatusUpdate, nextOrgNumber, PlanFixture } from './support/plan-fixtures.js';
import { codes, createTestApp, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

/**
 * A write that fails halfway leaves nothing behind. The test's own database gets a trigger that makes
 * every audit insert fail: the audit event is the last step of each write, so the entity rows (and for some
 * writes the link rows and the initiative's current status) are already written inside the transaction
 * when it fails. After the failure every table is exactly as before; with the trigger off, the same call
 * succeeds (so the input was fine and the failure was the audit).
 */
describe('a write that fails halfway leaves nothing behind', () => {
  let t: TestApp;
  let plan: PlanFixture;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_WRITES: '0' } });
    plan = await insertPlan(t, { goals: 2, agencies: 2, initiatives: 4 });
    const [i0, , i2, i3] = plan.initiativeIds;
    ids = {
      draft: await insertStatusUpdate(t, {
        initiativeId: i2,
        period: '2024-Q2',
        state: 'DRAFT',
        authorSubject: 'owner-a',
      }),
      submitted: await insertStatusUpdate(t, {
        initiativeId: i3,
        period: '2024-Q2',
        state: 'SUBMITTED',
        status: 'COMPLETED',
        authorSubject: 'owner-b',
      }),
      submittedToReturn: await insertStatusUpdate(t, {
        initiativeId: i0,
        period: '2024-Q3',
        state: 'SUBMITTED',
        authorSubject: 'owner-a',
      }),
    };
    await t.sql(`CREATE FUNCTION test_break_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store broken' USING ERRCODE = 'XX000'; END $$`);
    await t.sql(
      `CREATE TRIGGER test_break_audit BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION test_break_audit()`,
    );
  });
  afterAll(() => t.close());

  const admin: TokenOptions = { role: Role.ADMIN, sub: 'halfway-admin' };
  const reviewer: TokenOptions = { role: Role.REVIEWER, sub: 'halfway-reviewer' };
  const ownerOf = (agency: number): TokenOptions => ({
    role: Role.OWNER,
    org: plan.agencies[agency].orgNumber,
    sub: `owner-${agency}`,
  });

  /** A case: its mutation, the variables (checked against it) and the caller; the table mixes mutations. */
  const call = <O extends TypedDocumentNode<any, any>>(query: O, variables: VariablesOf<O>, token: TokenOptions) =>
    [
      query as TypedDocumentNode<unknown, Record<string, unknown>>,
      variables as Record<string, unknown>,
      token,
    ] as const;
  const cases: [string, () => ReturnType<typeof call>][] = [
    [
      'createOrganization',
      () =>
        call(
          graphql(
            'mutation HalfwayCreateOrganization($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
          ),
          { i: { orgNumber: nextOrgNumber(), name: 'Ny virksomhet', kind: 'AGENCY' } },
          admin,
        ),
    ],
    [
      'updateOrganization',
      () =>
        call(
          graphql(
            'mutation HalfwayUpdateOrganization($id: ID!) { updateOrganization(id: $id, input: { name: "Nytt navn" }) { id } }',
          ),
          { id: plan.agencies[0].id },
          admin,
        ),
    ],
    [
      'createStrategy',
      () =>
        call(
          graphql(
            'mutation HalfwayCreateStrategy { createStrategy(input: { slug: "halvveis", title: "Halvveis", periodStart: 2020, periodEnd: 2025 }) { id } }',
          ),
          {},
          admin,
        ),
    ],
    [
      'createGoal',
      () =>
        call(
          graphql(
            'mutation HalfwayCreateGoal($s: ID!) { createGoal(input: { strategyId: $s, number: 9, title: "Mål 9" }) { id } }',
          ),
          { s: plan.strategyId },
          admin,
        ),
    ],
    [
      'updateGoal',
      () =>
        call(
          graphql('mutation HalfwayUpdateGoal($id: ID!) { updateGoal(id: $id, input: { title: "Nytt mål" }) { id } }'),
          { id: plan.goalIds[0] },
          admin,
        ),
    ],
    [
      'createInitiative',
      () =>
        call(
          graphql(
            'mutation HalfwayCreateInitiative($i: CreateInitiativeInput!) { createInitiative(input: $i) { id } }',
          ),
          {
            i: {
              strategyId: plan.strategyId,
              code: '9.1',
              title: 'Nytt tiltak',
              summary: 'Sammendrag',
              goalIds: plan.goalIds,
              executingAgencyId: plan.agencies[0].id,
              partnerIds: [plan.agencies[1].id],
            },
          },
          admin,
        ),
    ],
    [
      'updateInitiative',
      () =>
        call(
          graphql(
            'mutation HalfwayUpdateInitiative($id: ID!, $g: [ID!]) { updateInitiative(id: $id, input: { title: "Ny tittel", goalIds: $g }) { id } }',
          ),
          { id: plan.initiativeIds[0], g: [plan.goalIds[1]] },
          admin,
        ),
    ],
    [
      'addDelivery',
      () =>
        call(
          graphql(
            'mutation HalfwayAddDelivery($id: ID!) { addDelivery(initiativeId: $id, input: { title: "Leveranse" }) { id } }',
          ),
          { id: plan.initiativeIds[0] },
          admin,
        ),
    ],
    [
      'saveStatusUpdate',
      () =>
        call(
          graphql(
            'mutation HalfwaySaveStatusUpdate($id: ID!) { saveStatusUpdate(input: { initiativeId: $id, period: "2024-Q1", status: ON_TRACK, summary: "Går bra" }) { id } }',
          ),
          { id: plan.initiativeIds[1] },
          ownerOf(1),
        ),
    ],
    [
      'submitStatusUpdate',
      () =>
        call(
          graphql('mutation HalfwaySubmitStatusUpdate($id: ID!) { submitStatusUpdate(id: $id) { id } }'),
          { id: ids.draft },
          ownerOf(0),
        ),
    ],
    [
      "approveStatusUpdate (also sets the initiative's status and lifecycle)",
      () =>
        call(
          graphql('mutation HalfwayApproveStatusUpdate($id: ID!) { approveStatusUpdate(id: $id) { id } }'),
          { id: ids.submitted },
          reviewer,
        ),
    ],
    [
      'returnStatusUpdate',
      () =>
        call(
          graphql(
            'mutation HalfwayReturnStatusUpdate($id: ID!) { returnStatusUpdate(id: $id, comment: "Mer detaljer") { id } }',
          ),
          { id: ids.submittedToReturn },
          reviewer,
        ),
    ],
  ];

  it.each(cases)('%s: the failed audit insert rolls the whole write back', async (_name, build) => {
    const [query, variables, token] = build();
    await t.sql('ALTER TABLE audit_event ENABLE TRIGGER test_break_audit');
    const before = await databaseFingerprint(t);
    const failed = await t.gql(query, variables, token);
    expect(codes(failed)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(failed.status).toBeLessThan(500);
    expect(failed.errors![0].message).toBe('audit store broken');
    expect(JSON.stringify(failed.errors)).not.toMatch(/INSERT|SELECT|UPDATE|stacktrace/);
    expect(await databaseFingerprint(t)).toEqual(before);

    await t.sql('ALTER TABLE audit_event DISABLE TRIGGER test_break_audit');
    const ok = await t.gql(query, variables, token);
    expect(ok.errors).toBeUndefined();
    const after = await databaseFingerprint(t);
    expect(after.audit_event).not.toEqual(before.audit_event);
  });
});
