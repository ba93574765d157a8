import type { CreateOrganizationInput } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { nextOrgNumber } from './support/plan-fixtures.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const ADMIN = { role: Role.ADMIN, sub: 'admin-kari', name: 'Kari Nordmann' };
const REVIEWER = { role: Role.REVIEWER, sub: 'reviewer-ola' };
const OWNER = { role: Role.OWNER, org: '974760673', sub: 'owner-per' };

graphql(
  'fragment OrganizationFields on Organization { id orgNumber name shortName kind parent { id orgNumber name } }',
);
const CREATE = graphql(
  `mutation CreateOrganization($input: CreateOrganizationInput!) { createOrganization(input: $input) { ...OrganizationFields } }`,
);
const UPDATE = graphql(
  `mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { ...OrganizationFields } }`,
);
const AUDIT = graphql(
  `query EntityAuditLog($type: String, $id: ID) { auditLog(entityType: $type, entityId: $id) { totalCount edges { node { actor action entityType entityId changes } } } }`,
);

describe('organisations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const count = async () => Number((await t.sql(`SELECT count(*)::int AS n FROM organization`))[0].n);
  const auditCount = async () => Number((await t.sql(`SELECT count(*)::int AS n FROM audit_event`))[0].n);
  const create = async (input: CreateOrganizationInput) => (await t.ok(CREATE, { input }, ADMIN)).createOrganization;
  const org = (overrides: Partial<CreateOrganizationInput> = {}): CreateOrganizationInput => ({
    orgNumber: nextOrgNumber(),
    name: 'Testetaten',
    kind: 'AGENCY',
    ...overrides,
  });

  describe('createOrganization', () => {
    it('creates an organisation with a parent, readable by anyone, and audits it', async () => {
      const ministry = await create(
        org({
          orgNumber: '972417858',
          name: 'Kommunal- og distriktsdepartementet',
          shortName: 'KDD',
          kind: 'MINISTRY',
        }),
      );
      expect(ministry).toMatchObject({ orgNumber: '972417858', shortName: 'KDD', kind: 'MINISTRY', parent: null });

      const agency = await create(
        org({
          orgNumber: '991825827',
          name: 'Digitaliseringsdirektoratet',
          shortName: 'Digdir',
          parentId: ministry.id,
        }),
      );
      expect(agency.parent).toEqual({
        id: ministry.id,
        orgNumber: '972417858',
        name: 'Kommunal- og distriktsdepartementet',
      });

      const read = await t.ok(
        graphql(`query DigdirOrganization { organization(orgNumber: "991825827") { ...OrganizationFields } }`),
      );
      expect(read.organization).toEqual(agency);
      const [row] = await t.sql(`SELECT org_number, parent_id FROM organization WHERE id = $1`, [agency.id]);
      expect(row).toEqual({ org_number: '991825827', parent_id: ministry.id });

      const audit = await t.ok(AUDIT, { type: 'Organization', id: agency.id }, ADMIN);
      expect(audit.auditLog.totalCount).toBe(1);
      expect(audit.auditLog.edges[0].node).toMatchObject({
        actor: 'admin-kari',
        action: 'organization.create',
        entityType: 'Organization',
        entityId: agency.id,
        changes: {
          before: null,
          after: {
            orgNumber: '991825827',
            name: 'Digitaliseringsdirektoratet',
            shortName: 'Digdir',
            kind: 'AGENCY',
            parentId: ministry.id,
          },
        },
      });
    });

    it('keeps Norwegian letters as they were sent', async () => {
      const name = 'Direktoratet for forvaltning og økonomistyring – ÆØÅ æøå';
      const created = await create(org({ name, shortName: 'DFØ' }));
      expect(created).toMatchObject({ name, shortName: 'DFØ' });
      const [row] = await t.sql(`SELECT name, short_name FROM organization WHERE id = $1`, [created.id]);
      expect(row).toEqual({ name, short_name: 'DFØ' });
      const read = await t.ok(
        graphql(`query OrganizationName($n: String!) { organization(orgNumber: $n) { name shortName } }`),
        {
          n: created.orgNumber,
        },
      );
      expect(read.organization).toEqual({ name, shortName: 'DFØ' });
    });

    it.each([
      ['a wrong check digit', '974760674'],
      ['eight digits', '97476067'],
      ['ten digits', '9747606730'],
      ['letters', '97476067A'],
      ['spaces', '974 760 673'],
      ['a number whose check digit would be 10', '000000060'],
    ])(
      'refuses an organisation number with %s (BAD_USER_INPUT on input.orgNumber) and writes nothing',
      async (_label, orgNumber) => {
        const [before, auditBefore] = [await count(), await auditCount()];
        const res = await t.gql(CREATE, { input: org({ orgNumber }) }, ADMIN);
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(fields(res)).toEqual(['input.orgNumber']);
        expect([await count(), await auditCount()]).toEqual([before, auditBefore]);
      },
    );

    it.each([
      ['a blank name', { name: '   ' }, 'input.name'],
      ['a name over 300 characters', { name: 'x'.repeat(301) }, 'input.name'],
      ['a short name over 50 characters', { shortName: 'x'.repeat(51) }, 'input.shortName'],
      ['a control character in the name', { name: 'Etat\u0007' }, 'input.name'],
    ])('refuses %s with the field named and writes nothing', async (_label, overrides, field) => {
      const before = await count();
      const res = await t.gql(CREATE, { input: org(overrides) }, ADMIN);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toContain(field);
      expect(await count()).toBe(before);
    });

    it('answers CONFLICT on input.orgNumber for a number that is taken, and writes nothing', async () => {
      const first = await create(org());
      const [before, auditBefore] = [await count(), await auditCount()];
      const res = await t.gql(CREATE, { input: org({ orgNumber: first.orgNumber, name: 'Another' }) }, ADMIN);
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(fields(res)).toEqual(['input.orgNumber']);
      expect([await count(), await auditCount()]).toEqual([before, auditBefore]);
    });

    it('answers one CONFLICT when two requests take the same number at once', async () => {
      const orgNumber = nextOrgNumber();
      const results = await Promise.all([1, 2, 3].map(() => t.gql(CREATE, { input: org({ orgNumber }) }, ADMIN)));
      expect(results.flatMap(codes).sort()).toEqual(['CONFLICT', 'CONFLICT']);
      expect(await t.sql(`SELECT id FROM organization WHERE org_number = $1`, [orgNumber])).toHaveLength(1);
    });

    it.each([
      ['an unknown', '5b0f0b4e-1d1c-4c55-9a57-6f1f5e2a0c11'],
      ['a malformed', 'not-a-uuid'],
    ])('answers %s parentId with NOT_FOUND on input.parentId, never a server error', async (_label, parentId) => {
      const before = await count();
      const res = await t.gql(CREATE, { input: org({ parentId }) }, ADMIN);
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(fields(res)).toEqual(['input.parentId']);
      expect(await count()).toBe(before);
    });
  });

  describe('updateOrganization', () => {
    it('changes the fields given, keeps those left out, and audits the change', async () => {
      const ministry = await create(org({ kind: 'MINISTRY', name: 'Nærings- og fiskeridepartementet' }));
      const agency = await create(org({ name: 'Brønnøysundregistrene', shortName: 'Brreg' }));
      const updated = (
        await t.ok(
          UPDATE,
          { id: agency.id, input: { name: 'Brønnøysundregistrene (ny)', parentId: ministry.id } },
          ADMIN,
        )
      ).updateOrganization;
      expect(updated).toMatchObject({
        name: 'Brønnøysundregistrene (ny)',
        shortName: 'Brreg',
        kind: 'AGENCY',
        parent: { id: ministry.id },
      });

      const audit = await t.ok(AUDIT, { type: 'Organization', id: agency.id }, ADMIN);
      expect(audit.auditLog.edges.map((e) => e.node.action)).toEqual(['organization.update', 'organization.create']);
      expect(audit.auditLog.edges[0].node.changes).toEqual({
        before: { name: 'Brønnøysundregistrene', parentId: null },
        after: { name: 'Brønnøysundregistrene (ny)', parentId: ministry.id },
      });
      const [row] = await t.sql(`SELECT name, short_name, parent_id, version FROM organization WHERE id = $1`, [
        agency.id,
      ]);
      expect(row).toEqual({
        name: 'Brønnøysundregistrene (ny)',
        short_name: 'Brreg',
        parent_id: ministry.id,
        version: 2,
      });
    });

    it('clears shortName and parentId given as null', async () => {
      const parent = await create(org({ kind: 'MINISTRY' }));
      const child = await create(org({ shortName: 'Kort', parentId: parent.id }));
      const updated = (await t.ok(UPDATE, { id: child.id, input: { shortName: null, parentId: null } }, ADMIN))
        .updateOrganization;
      expect(updated).toMatchObject({ name: 'Testetaten', shortName: null, parent: null });
    });

    it.each([
      ['name', { name: null }, 'input.name'],
      ['kind', { kind: null }, 'input.kind'],
      ['name (blank)', { name: '' }, 'input.name'],
    ])('refuses a required field given as null or blank: %s', async (_label, input, field) => {
      const target = await create(org());
      const res = await t.gql(UPDATE, { id: target.id, input }, ADMIN);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual([field]);
      const [row] = await t.sql(`SELECT name, kind, version FROM organization WHERE id = $1`, [target.id]);
      expect(row).toEqual({ name: 'Testetaten', kind: 'AGENCY', version: 1 });
    });

    it('refuses an organisation as its own parent', async () => {
      const target = await create(org());
      const res = await t.gql(UPDATE, { id: target.id, input: { parentId: target.id } }, ADMIN);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['input.parentId']);
    });

    it('refuses a parent that would close a cycle, and writes nothing', async () => {
      const top = await create(org({ kind: 'MINISTRY' }));
      const middle = await create(org({ parentId: top.id }));
      const bottom = await create(org({ parentId: middle.id }));
      const auditBefore = await auditCount();
      for (const parentId of [bottom.id, middle.id]) {
        const res = await t.gql(UPDATE, { id: top.id, input: { parentId } }, ADMIN);
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(fields(res)).toEqual(['input.parentId']);
      }
      const [row] = await t.sql(`SELECT parent_id FROM organization WHERE id = $1`, [top.id]);
      expect(row.parent_id).toBeNull();
      expect(await auditCount()).toBe(auditBefore);
      // Moving the bottom one up is fine.
      const moved = await t.ok(UPDATE, { id: bottom.id, input: { parentId: top.id } }, ADMIN);
      expect(moved.updateOrganization.parent!.id).toBe(top.id);
    });

    it.each([
      ['an unknown id', '5b0f0b4e-1d1c-4c55-9a57-6f1f5e2a0c11', 'id', 'NOT_FOUND'],
      ['a malformed id', '42', 'id', 'NOT_FOUND'],
    ])('answers %s with NOT_FOUND naming the field', async (_label, id, field, code) => {
      const res = await t.gql(UPDATE, { id, input: { name: 'X' } }, ADMIN);
      expect(codes(res)).toEqual([code]);
      expect(fields(res)).toEqual([field]);
    });

    it('takes ids written in upper case as the records they name, and audits under the stored id', async () => {
      const parent = await create(org());
      const child = await create(org({ parentId: parent.id.toUpperCase() }));
      expect(child.parent).toEqual({ id: parent.id, orgNumber: parent.orgNumber, name: parent.name });

      const other = await create(org());
      const moved = (
        await t.ok(UPDATE, { id: child.id.toUpperCase(), input: { parentId: other.id.toUpperCase() } }, ADMIN)
      ).updateOrganization;
      expect(moved).toMatchObject({ id: child.id, parent: { id: other.id } });
      const audit = (await t.ok(AUDIT, { type: 'Organization', id: child.id }, ADMIN)).auditLog;
      expect(audit.edges.map((e) => e.node.action)).toEqual(['organization.update', 'organization.create']);
      expect(audit.edges[0].node.changes).toEqual({ before: { parentId: parent.id }, after: { parentId: other.id } });
    });

    it('answers an unknown parentId with NOT_FOUND on input.parentId', async () => {
      const target = await create(org());
      const res = await t.gql(
        UPDATE,
        { id: target.id, input: { parentId: '5b0f0b4e-1d1c-4c55-9a57-6f1f5e2a0c11' } },
        ADMIN,
      );
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(fields(res)).toEqual(['input.parentId']);
    });
  });

  describe('who may write', () => {
    let targetId: string;
    beforeAll(async () => {
      targetId = (await create(org({ name: 'Uendret' }))).id;
    });

    it.each([
      ['anonymous', undefined, 'UNAUTHENTICATED'],
      ['an owner', OWNER, 'FORBIDDEN'],
      ['a reviewer', REVIEWER, 'FORBIDDEN'],
      ['a signed-in caller with no role', { sub: 'nobody' }, 'FORBIDDEN'],
    ])('refuses %s both mutations, and nothing is written', async (_label, token, code) => {
      const [before, auditBefore] = [await count(), await auditCount()];
      expect(codes(await t.gql(CREATE, { input: org() }, token))).toEqual([code]);
      expect(codes(await t.gql(UPDATE, { id: targetId, input: { name: 'Endret' } }, token))).toEqual([code]);
      expect([await count(), await auditCount()]).toEqual([before, auditBefore]);
      const [row] = await t.sql(`SELECT name FROM organization WHERE id = $1`, [targetId]);
      expect(row.name).toBe('Uendret');
    });
  });

  describe('queries', () => {
    it('lists organisations in Norwegian alphabetical order, æ, ø and å last', async () => {
      for (const name of ['Åsen kommune', 'Østre Toten kommune', 'Ærlig forening', 'Zeta AS', 'Aremark kommune']) {
        await create(org({ name, kind: 'MUNICIPALITY' }));
      }
      const data = await t.ok(graphql(`query OrganizationNamesAndKinds { organizations { name kind } }`));
      const names = data.organizations
        .filter((o) => o.kind === 'MUNICIPALITY' || o.name === 'Zeta AS' || o.name === 'Ærlig forening')
        .map((o) => o.name);
      expect(names).toEqual(['Aremark kommune', 'Zeta AS', 'Ærlig forening', 'Østre Toten kommune', 'Åsen kommune']);
      expect(data.organizations).toHaveLength(await count());
    });

    it.each(['123456785', 'abc', '', '9747606731'])(
      'answers organization(orgNumber: %p) with null when there is none',
      async (orgNumber) => {
        const res = await t.gql(graphql(`query OrganizationId($n: String!) { organization(orgNumber: $n) { id } }`), {
          n: orgNumber,
        });
        expect(res.errors).toBeUndefined();
        expect(res.data!.organization).toBeNull();
      },
    );
  });

  describe('me', () => {
    const ME = graphql(`query Me { me { subject name email roles organization { orgNumber name } } }`);

    it('is null for anonymous callers and for a bad token', async () => {
      expect((await t.ok(ME)).me).toBeNull();
      expect((await t.ok(ME, {}, 'not.a.token')).me).toBeNull();
    });

    it("shows the token's subject, name, email and roles, and its organisation when registered", async () => {
      await create(org({ orgNumber: '974760673', name: 'Brønnøysundregistrene' }));
      const data = await t.ok(
        ME,
        {},
        { role: [Role.OWNER, Role.REVIEWER], org: '974760673', sub: 'per', name: 'Per Ås', email: 'per@brreg.no' },
      );
      expect(data.me).toEqual({
        subject: 'per',
        name: 'Per Ås',
        email: 'per@brreg.no',
        roles: ['OWNER', 'REVIEWER'],
        organization: { orgNumber: '974760673', name: 'Brønnøysundregistrene' },
      });
    });

    it('has no organisation when the token names none or one not registered', async () => {
      expect((await t.ok(ME, {}, { role: Role.ADMIN, sub: 'a' })).me).toMatchObject({
        subject: 'a',
        roles: ['ADMIN'],
        organization: null,
        name: null,
      });
      expect((await t.ok(ME, {}, { role: Role.OWNER, org: '889640782', sub: 'b' })).me!.organization).toBeNull();
    });
  });

  describe('reportingEmail', () => {
    const READ = graphql(
      `query OrganizationReportingEmail($n: String!) { organization(orgNumber: $n) { reportingEmail } }`,
    );

    it('is set on create and update, cleared with null, and shown to signed-in callers with a role only', async () => {
      const created = (
        await t.ok(
          graphql(
            `mutation CreateOrganizationWithEmail($input: CreateOrganizationInput!) { createOrganization(input: $input) { id orgNumber reportingEmail } }`,
          ),
          { input: org({ reportingEmail: 'rapport@etaten.no' }) },
          ADMIN,
        )
      ).createOrganization;
      expect(created.reportingEmail).toBe('rapport@etaten.no');
      const read = (token?: Record<string, unknown>) =>
        t.ok(READ, { n: created.orgNumber }, token as never).then((d) => d.organization!.reportingEmail);
      expect(await read(OWNER)).toBe('rapport@etaten.no');
      expect(await read(REVIEWER)).toBe('rapport@etaten.no');
      expect(await read()).toBeNull();
      expect(await read({ sub: 'no-role' })).toBeNull();

      const change = (reportingEmail: string | null) =>
        t.ok(
          graphql(
            `mutation UpdateOrganizationEmail($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { reportingEmail } }`,
          ),
          { id: created.id, input: { reportingEmail } },
          ADMIN,
        );
      expect((await change('post@etaten.no')).updateOrganization.reportingEmail).toBe('post@etaten.no');
      const [row] = await t.sql(`SELECT reporting_email FROM organization WHERE id = $1`, [created.id]);
      expect(row.reporting_email).toBe('post@etaten.no');
      // Leaving it out keeps it.
      await t.ok(UPDATE, { id: created.id, input: { name: 'Etaten' } }, ADMIN);
      expect(await read(ADMIN)).toBe('post@etaten.no');
      expect((await change(null)).updateOrganization.reportingEmail).toBeNull();
    });

    it.each([
      ['not an address', 'rapport'],
      ['too long', `${'a'.repeat(250)}@x.no`],
      ['blank', '   '],
    ])('refuses %s as BAD_USER_INPUT naming the field', async (_case, reportingEmail) => {
      const res = await t.gql(CREATE, { input: org({ reportingEmail }) }, ADMIN);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toContain('input.reportingEmail');
    });
  });
});
