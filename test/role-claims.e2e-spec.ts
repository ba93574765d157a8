import { importJWK, SignJWT } from 'jose';
import { loadOrCreateDevKey } from '../src/auth/dev-key.js';
import { DEV_AUDIENCE, DEV_ISSUER } from '../src/config/app-config.js';
import { graphql } from './graphql/graphql.js';
import { insertPlan, insertStatusUpdate } from './support/plan-fixtures.js';
import { LAST_QUARTER, TWO_QUARTERS_AGO } from './support/status-updates.js';
import { codes, createTestApp, TestApp } from './support/test-app.js';

/** What a caller sees of people: contact e-mails, the authors and review comments of updates, and drafts. */
const PEOPLE = graphql(`query PeopleSeen($id: ID!) {
  me { subject roles }
  initiative(id: $id) { contacts { name email } updates { edges { node { state author { subject } reviewComment } } } }
}`);
const AUDIT_LOG_COUNT = graphql('query AuditLogCount { auditLog { totalCount } }');

/**
 * The `roles` claim is read strictly: only an array of known role names counts. A valid token without a known
 * role is signed in (its `me` answers) but reads what anonymous callers read.
 */
describe('the roles claim', () => {
  let t: TestApp;
  let initiativeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const plan = await insertPlan(t, { goals: 1, agencies: 1, initiatives: 1 });
    initiativeId = plan.initiativeIds[0];
    await t.sql(`UPDATE initiative SET contacts = $2 WHERE id = $1`, [
      initiativeId,
      JSON.stringify([{ name: 'Kari Nordmann', email: 'kari@example.no', role: 'Prosjektleder' }]),
    ]);
    await insertStatusUpdate(t, { initiativeId, period: TWO_QUARTERS_AGO, state: 'APPROVED', authorSubject: 'ola' });
    await insertStatusUpdate(t, { initiativeId, period: LAST_QUARTER, state: 'SUBMITTED', authorSubject: 'ola' });
    await t.sql(`UPDATE status_update SET review_comment = 'Kommentar' WHERE state = 'SUBMITTED'`);
  });
  afterAll(() => t.close());

  /** A token signed with the development key whose roles claim is `roles` exactly as given (absent if undefined). */
  async function tokenWithRoles(roles: unknown): Promise<string> {
    const jwk = await loadOrCreateDevKey(t.config.dataDir);
    return new SignJWT(roles === undefined ? {} : { roles })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject('claims-test')
      .setExpirationTime('10m')
      .sign(await importJWK(jwk, 'ES256'));
  }

  const anonymousView = {
    contacts: [{ name: 'Kari Nordmann', email: null }],
    updates: { edges: [{ node: { state: 'APPROVED', author: null, reviewComment: null } }] },
  };

  it('shows anonymous callers no people (the baseline)', async () => {
    const res = await t.gql(PEOPLE, { id: initiativeId });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null, initiative: anonymousView });
  });

  it.each([
    ['an empty list', []],
    ['a role inside a nested list', [['admin']]],
    ['a role inside an object', [{ role: 'admin' }]],
    ['a role as a plain string', 'admin'],
    ['roles in a comma-separated string', 'admin,reviewer'],
    ['roles in a space-separated string', 'reviewer owner'],
    ['an unknown role name', ['superuser']],
    ['a role with spaces around it', [' admin ']],
    ['a number', 42],
    ['no roles claim at all', undefined],
  ])('treats a token with %s as no role: me answers, people data stays hidden', async (_name, roles) => {
    const res = await t.gql(PEOPLE, { id: initiativeId }, await tokenWithRoles(roles));
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: { subject: 'claims-test', roles: [] }, initiative: anonymousView });
    // Whatever needs a role stays refused.
    expect(codes(await t.gql(AUDIT_LOG_COUNT, {}, await tokenWithRoles(roles)))).toEqual(['FORBIDDEN']);
  });

  it('counts the known role names of a list and ignores the rest', async () => {
    const token = await tokenWithRoles(['Reviewer', ['admin'], 'superuser', 7]);
    const res = await t.gql(PEOPLE, { id: initiativeId }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.me).toEqual({ subject: 'claims-test', roles: ['REVIEWER'] });
    expect(res.data!.initiative!.contacts).toEqual([{ name: 'Kari Nordmann', email: 'kari@example.no' }]);
    expect(res.data!.initiative!.updates.edges.map((e) => e.node)).toEqual([
      { state: 'SUBMITTED', author: { subject: 'ola' }, reviewComment: 'Kommentar' },
      { state: 'APPROVED', author: { subject: 'ola' }, reviewComment: null },
    ]);
    // A REVIEWER, not an ADMIN: the nested ['admin'] gave nothing.
    expect(codes(await t.gql(AUDIT_LOG_COUNT, {}, token))).toEqual([]);
    expect(
      codes(
        await t.gql(
          graphql(
            'mutation CreateStrategyS { createStrategy(input: { slug: "s", title: "S", periodStart: 2020, periodEnd: 2025 }) { id } }',
          ),
          {},
          token,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
  });
});
