import type { CreateInitiativeInput, UpdateInitiativeInput } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import {
  insertFocusArea,
  insertGoal,
  insertLifeEvent,
  insertOrganization,
  insertStrategy,
  PlanFixture,
  insertPlan,
} from './support/plan-fixtures.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

const ADMIN: TokenOptions = { role: Role.ADMIN, sub: 'admin-anne' };
const REVIEWER: TokenOptions = { role: Role.REVIEWER, sub: 'reviewer-rolf' };

graphql(`fragment InitiativeFields on Initiative { id code title summary description lifecycle startDate plannedEndDate version updatedAt
  strategy { id slug }
  goals { id number }
  focusArea { id slug }
  lifeEvents { id slug }
  responsibleMinistry { id orgNumber }
  executingAgency { id orgNumber }
  partners { id orgNumber }
  contacts { name email role }
  links { title url }
  deliveries { id } }`);

const CREATE = graphql(
  `mutation CreateInitiative($input: CreateInitiativeInput!) { createInitiative(input: $input) { ...InitiativeFields } }`,
);
const UPDATE = graphql(
  `mutation UpdateInitiative($id: ID!, $input: UpdateInitiativeInput!, $v: Int) { updateInitiative(id: $id, input: $input, expectedVersion: $v) { ...InitiativeFields } }`,
);
const GET = graphql(`query Initiative($id: ID!) { initiative(id: $id) { ...InitiativeFields } }`);

describe('initiatives: create, update, read one', () => {
  let t: TestApp;
  let plan: PlanFixture;
  let other: { strategyId: string; goalId: string; focusAreaId: string; lifeEventId: string };
  let ministry: { id: string; orgNumber: string };
  let partners: { id: string; orgNumber: string }[];
  let focusAreaId: string;
  let lifeEventIds: string[];
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 3, agencies: 2, initiatives: 0 });
    ministry = await insertOrganization(t, { kind: 'MINISTRY', name: 'Digitaliseringsdepartementet' });
    partners = [await insertOrganization(t), await insertOrganization(t), await insertOrganization(t)];
    focusAreaId = await insertFocusArea(t, plan.strategyId, 'deling-av-data');
    lifeEventIds = [
      await insertLifeEvent(t, plan.strategyId, 'fa-barn'),
      await insertLifeEvent(t, plan.strategyId, 'alvorlig-sykt-barn'),
    ];
    const otherStrategy = await insertStrategy(t);
    other = {
      strategyId: otherStrategy.id,
      goalId: await insertGoal(t, otherStrategy.id, 1),
      focusAreaId: await insertFocusArea(t, otherStrategy.id, 'annet'),
      lifeEventId: await insertLifeEvent(t, otherStrategy.id, 'annen-livshendelse'),
    };
  });
  afterAll(() => t.close());

  /** A valid input with a fresh code; `over` replaces fields. */
  const input = (over: Partial<CreateInitiativeInput> = {}): CreateInitiativeInput => ({
    strategyId: plan.strategyId,
    code: `7.${++counter}`,
    title: 'Felles tjenester for barnefamilier',
    summary: 'Sammenhengende tjenester på tvers av etater.',
    goalIds: [plan.goalIds[0]],
    executingAgencyId: plan.agencies[0].id,
    ...over,
  });

  const countRows = async () => {
    const [row] =
      await t.sql(`SELECT (SELECT count(*) FROM initiative)::int AS initiatives, (SELECT count(*) FROM audit_event)::int AS events,
      (SELECT count(*) FROM initiative_goal)::int AS goals, (SELECT count(*) FROM initiative_partner)::int AS partners`);
    return row;
  };

  describe('createInitiative', () => {
    it('stores every field and answers with the relations resolved, lists in the order given, goals by number', async () => {
      const data = await t.ok(
        CREATE,
        {
          input: input({
            code: '2.4',
            description: 'Lengre beskrivelse',
            goalIds: [plan.goalIds[2], plan.goalIds[0]],
            focusAreaId,
            lifeEventIds: [lifeEventIds[1], lifeEventIds[0]],
            responsibleMinistryId: ministry.id,
            partnerIds: [partners[2].id, partners[0].id],
            contacts: [{ name: 'Kari Nordmann', email: 'kari@example.no', role: 'Prosjektleder' }, { name: 'Ola' }],
            startDate: '2024-02-29',
            plannedEndDate: '2025-12-31',
            lifecycle: 'ACTIVE',
            links: [{ title: 'Prosjektside', url: 'https://www.digdir.no/tiltak' }],
          }),
        },
        ADMIN,
      );
      const created = data.createInitiative;
      expect(created).toMatchObject({
        code: '2.4',
        title: 'Felles tjenester for barnefamilier',
        description: 'Lengre beskrivelse',
        lifecycle: 'ACTIVE',
        startDate: '2024-02-29',
        plannedEndDate: '2025-12-31',
        version: 1,
        strategy: { id: plan.strategyId, slug: plan.strategySlug },
        focusArea: { id: focusAreaId, slug: 'deling-av-data' },
        responsibleMinistry: { id: ministry.id },
        executingAgency: { id: plan.agencies[0].id },
        contacts: [
          { name: 'Kari Nordmann', email: 'kari@example.no', role: 'Prosjektleder' },
          { name: 'Ola', email: null, role: null },
        ],
        links: [{ title: 'Prosjektside', url: 'https://www.digdir.no/tiltak' }],
        deliveries: [],
      });
      expect(created.goals.map((g) => g.number)).toEqual([1, 3]);
      expect(created.lifeEvents.map((l) => l.slug)).toEqual(['alvorlig-sykt-barn', 'fa-barn']);
      expect(created.partners.map((p) => p.id)).toEqual([partners[2].id, partners[0].id]);

      const read = await t.ok(GET, { id: created.id }, ADMIN);
      expect(read.initiative).toEqual(created);
    });

    it('defaults lifecycle to PLANNED and the lists to empty', async () => {
      const { createInitiative } = await t.ok(CREATE, { input: input() }, ADMIN);
      expect(createInitiative).toMatchObject({
        lifecycle: 'PLANNED',
        lifeEvents: [],
        partners: [],
        contacts: [],
        links: [],
        focusArea: null,
        description: null,
      });
    });

    it('records one audit event with the lists in it', async () => {
      const { createInitiative } = await t.ok(CREATE, { input: input({ partnerIds: [partners[1].id] }) }, ADMIN);
      const events = await t.sql(`SELECT actor, action, entity_type, changes FROM audit_event WHERE entity_id = $1`, [
        createInitiative.id,
      ]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor: 'admin-anne', action: 'initiative.create', entity_type: 'Initiative' });
      expect(events[0].changes.before).toBeNull();
      expect(events[0].changes.after).toMatchObject({
        code: createInitiative.code,
        goalIds: [plan.goalIds[0]],
        partnerIds: [partners[1].id],
        lifeEventIds: [],
        executingAgencyId: plan.agencies[0].id,
      });
    });

    it.each([
      ['anonymous', (): TokenOptions | undefined => undefined, 'UNAUTHENTICATED'],
      [
        'an owner of the executing agency named in the input',
        () => ({ role: Role.OWNER, org: plan.agencies[0].orgNumber }),
        'FORBIDDEN',
      ],
      ['an owner of another organisation', () => ({ role: Role.OWNER, org: plan.agencies[1].orgNumber }), 'FORBIDDEN'],
      ['a reviewer', () => REVIEWER, 'FORBIDDEN'],
      [
        'a reviewer who is also an owner',
        () => ({ role: [Role.REVIEWER, Role.OWNER], org: plan.agencies[0].orgNumber }),
        'FORBIDDEN',
      ],
    ] as const)('refuses %s', async (_who, token, code) => {
      const before = await countRows();
      const res = await t.gql(CREATE, { input: input() }, token());
      expect(codes(res)).toEqual([code]);
      expect(await countRows()).toEqual(before);
    });
  });

  describe('input rules: BAD_USER_INPUT naming the field, nothing written', () => {
    const long = (n: number) => 'x'.repeat(n);
    const contacts = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Person ${i}` }));
    const links = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ title: `Side ${i}`, url: `https://example.no/${i}` }));
    const cases: [string, () => Partial<CreateInitiativeInput>, string][] = [
      ['a javascript: link', () => ({ links: [{ title: 'x', url: 'javascript:alert(1)' }] }), 'input.links.0.url'],
      [
        'an ftp link',
        () => ({
          links: [
            { title: 'ok', url: 'https://ok.no' },
            { title: 'x', url: 'ftp://example.no/file' },
          ],
        }),
        'input.links.1.url',
      ],
      ['a link that is no URL', () => ({ links: [{ title: 'x', url: 'not a url' }] }), 'input.links.0.url'],
      [
        'a data: link',
        () => ({ links: [{ title: 'x', url: 'data:text/html,<script>alert(1)</script>' }] }),
        'input.links.0.url',
      ],
      [
        'an end before the start',
        () => ({ startDate: '2025-01-01', plannedEndDate: '2024-12-31' }),
        'input.plannedEndDate',
      ],
      ['no goal', () => ({ goalIds: [] }), 'input.goalIds'],
      ['a goal twice', () => ({ goalIds: [plan.goalIds[0], plan.goalIds[0]] }), 'input.goalIds'],
      [
        'a goal twice in other letter case',
        () => ({ goalIds: [plan.goalIds[0], plan.goalIds[0].toUpperCase()] }),
        'input.goalIds',
      ],
      ['a partner twice', () => ({ partnerIds: [partners[0].id, partners[0].id] }), 'input.partnerIds'],
      ['a life event twice', () => ({ lifeEventIds: [lifeEventIds[0], lifeEventIds[0]] }), 'input.lifeEventIds'],
      ['a goal of another strategy', () => ({ goalIds: [plan.goalIds[0], other.goalId] }), 'input.goalIds.1'],
      ['a focus area of another strategy', () => ({ focusAreaId: other.focusAreaId }), 'input.focusAreaId'],
      ['a life event of another strategy', () => ({ lifeEventIds: [other.lifeEventId] }), 'input.lifeEventIds.0'],
      ['a code with a space', () => ({ code: '1 2' }), 'input.code'],
      ['a code starting with a dot', () => ({ code: '.1' }), 'input.code'],
      ['a code of 21 characters', () => ({ code: '1'.repeat(21) }), 'input.code'],
      ['a blank title', () => ({ title: '   ' }), 'input.title'],
      ['a title of 301 characters', () => ({ title: long(301) }), 'input.title'],
      ['a title with a control character', () => ({ title: 'Tittel\u0007' }), 'input.title'],
      ['a summary of 10001 characters', () => ({ summary: long(10001) }), 'input.summary'],
      ['a description of 10001 characters', () => ({ description: long(10001) }), 'input.description'],
      ['a contact name of 301 characters', () => ({ contacts: [{ name: long(301) }] }), 'input.contacts.0.name'],
      [
        'a contact e-mail that is none',
        () => ({ contacts: [{ name: 'Kari', email: 'kari at example' }] }),
        'input.contacts.0.email',
      ],
      [
        'a contact e-mail of 255 characters',
        () => ({ contacts: [{ name: 'Kari', email: `${long(243)}@example.no` }] }),
        'input.contacts.0.email',
      ],
      [
        'a contact role of 301 characters',
        () => ({ contacts: [{ name: 'Kari', role: long(301) }] }),
        'input.contacts.0.role',
      ],
      [
        'a link title of 301 characters',
        () => ({ links: [{ title: long(301), url: 'https://example.no' }] }),
        'input.links.0.title',
      ],
      [
        'a URL of 2001 characters',
        () => ({ links: [{ title: 'x', url: `https://example.no/${long(1983)}` }] }),
        'input.links.0.url',
      ],
      ['51 links', () => ({ links: links(51) }), 'input.links'],
      ['51 contacts', () => ({ contacts: contacts(51) }), 'input.contacts'],
      [
        '21 goals',
        () => ({
          goalIds: Array.from({ length: 21 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
        }),
        'input.goalIds',
      ],
      ['a 30 February', () => ({ startDate: '2024-02-30' }), 'startDate'],
      ['a 29 February of a common year', () => ({ plannedEndDate: '2023-02-29' }), 'plannedEndDate'],
      ['a month 13', () => ({ startDate: '2024-13-01' }), 'startDate'],
    ];

    it.each(cases)('refuses %s', async (_name, over, field) => {
      const before = await countRows();
      const res = await t.gql(CREATE, { input: input(over()) }, ADMIN);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      const named = [...fields(res), res.errors![0].message].join(' ');
      expect(named).toContain(field);
      expect(await countRows()).toEqual(before);
    });

    it('accepts the limits themselves: 50 links, 50 contacts, 20 goals-worth of ids, 300-character title', async () => {
      const { createInitiative } = await t.ok(
        CREATE,
        { input: input({ links: links(50), contacts: contacts(50), title: long(300) }) },
        ADMIN,
      );
      expect(createInitiative.links).toHaveLength(50);
      expect(createInitiative.contacts).toHaveLength(50);
    });
  });

  describe('references: unknown ids NOT_FOUND, malformed ids NOT_FOUND, nothing written', () => {
    const unknown = '00000000-0000-4000-8000-000000000001';
    it.each([
      ['strategyId', () => ({ strategyId: unknown }), 'input.strategyId'],
      ['strategyId malformed', () => ({ strategyId: 'not-a-uuid' }), 'input.strategyId'],
      ['a goal', () => ({ goalIds: [plan.goalIds[0], unknown] }), 'input.goalIds.1'],
      ['a malformed goal id', () => ({ goalIds: ["1'; DROP TABLE initiative; --"] }), 'input.goalIds.0'],
      ['the focus area', () => ({ focusAreaId: unknown }), 'input.focusAreaId'],
      ['a life event', () => ({ lifeEventIds: [unknown] }), 'input.lifeEventIds.0'],
      ['the ministry', () => ({ responsibleMinistryId: unknown }), 'input.responsibleMinistryId'],
      ['the executing agency', () => ({ executingAgencyId: 'x' }), 'input.executingAgencyId'],
      ['a partner', () => ({ partnerIds: [partners[0].id, unknown] }), 'input.partnerIds.1'],
    ] as [string, () => Partial<CreateInitiativeInput>, string][])('%s', async (_name, over, field) => {
      const before = await countRows();
      const res = await t.gql(CREATE, { input: input(over()) }, ADMIN);
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(fields(res)).toEqual([field]);
      expect(await countRows()).toEqual(before);
    });

    it('a code taken in the same strategy is CONFLICT on input.code; the same code in another strategy is fine', async () => {
      await t.ok(CREATE, { input: input({ code: '5.5' }) }, ADMIN);
      const before = await countRows();
      const res = await t.gql(CREATE, { input: input({ code: '5.5' }) }, ADMIN);
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(fields(res)).toEqual(['input.code']);
      expect(await countRows()).toEqual(before);
      const elsewhere = await t.ok(
        CREATE,
        { input: input({ code: '5.5', strategyId: other.strategyId, goalIds: [other.goalId] }) },
        ADMIN,
      );
      expect(elsewhere.createInitiative.strategy.id).toBe(other.strategyId);
    });
  });

  describe('updateInitiative', () => {
    let id: string;
    beforeEach(async () => {
      const { createInitiative } = await t.ok(
        CREATE,
        {
          input: input({
            description: 'Før',
            goalIds: [plan.goalIds[0], plan.goalIds[1]],
            partnerIds: [partners[0].id, partners[1].id],
            lifeEventIds: [lifeEventIds[0]],
            contacts: [{ name: 'Kari', email: 'kari@example.no' }],
            links: [{ title: 'A', url: 'https://a.example.no' }],
            startDate: '2024-01-01',
            plannedEndDate: '2024-12-31',
          }),
        },
        ADMIN,
      );
      id = createInitiative.id;
    });

    it('keeps the fields left out, replaces the lists given, raises the version by one', async () => {
      const before = (await t.ok(GET, { id }, ADMIN)).initiative!;
      const { updateInitiative: after } = await t.ok(
        UPDATE,
        { id, input: { title: 'Ny tittel', partnerIds: [partners[2].id] }, v: 1 },
        ADMIN,
      );
      expect(after.version).toBe(2);
      expect(after.title).toBe('Ny tittel');
      expect(after.partners.map((p) => p.id)).toEqual([partners[2].id]);
      const { title: _t, partners: _p, version: _v, updatedAt, ...rest } = after;
      const { title: _t2, partners: _p2, version: _v2, updatedAt: updatedBefore, ...restBefore } = before;
      expect(rest).toEqual(restBefore);
      expect(new Date(updatedAt).getTime()).toBeGreaterThan(new Date(updatedBefore).getTime());
    });

    it('clears optional fields given as null and empties lists given as []', async () => {
      const { updateInitiative } = await t.ok(
        UPDATE,
        {
          id,
          input: { description: null, startDate: null, lifeEventIds: [], partnerIds: [], links: [], contacts: [] },
        },
        ADMIN,
      );
      expect(updateInitiative).toMatchObject({
        description: null,
        startDate: null,
        plannedEndDate: '2024-12-31',
        lifeEvents: [],
        partners: [],
        links: [],
        contacts: [],
      });
      expect(updateInitiative.goals).toHaveLength(2);
    });

    it('refuses null for required fields and an empty goal list', async () => {
      for (const [over, field] of [
        [{ title: null }, 'input.title'],
        [{ code: null }, 'input.code'],
        [{ goalIds: null }, 'input.goalIds'],
        [{ goalIds: [] }, 'input.goalIds'],
        [{ executingAgencyId: null }, 'input.executingAgencyId'],
        [{ lifecycle: null }, 'input.lifecycle'],
      ] satisfies [UpdateInitiativeInput, string][]) {
        const res = await t.gql(UPDATE, { id, input: over }, ADMIN);
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(fields(res)).toContain(field);
      }
      expect((await t.ok(GET, { id })).initiative!.version).toBe(1);
    });

    it('checks the merged dates: an end before the stored start is refused', async () => {
      const res = await t.gql(UPDATE, { id, input: { plannedEndDate: '2023-12-31' } }, ADMIN);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['input.plannedEndDate']);
    });

    it('a stale expectedVersion is CONFLICT and writes nothing', async () => {
      await t.ok(UPDATE, { id, input: { title: 'Første endring' }, v: 1 }, ADMIN);
      const events = await t.sql(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [id]);
      const res = await t.gql(
        UPDATE,
        { id, input: { title: 'Andre endring', goalIds: [plan.goalIds[2]] }, v: 1 },
        ADMIN,
      );
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(fields(res)).toEqual(['expectedVersion']);
      const now = (await t.ok(GET, { id })).initiative!;
      expect(now).toMatchObject({ title: 'Første endring', version: 2 });
      expect(now.goals).toHaveLength(2);
      expect(await t.sql(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [id])).toEqual(events);
    });

    it('two concurrent updates with the same expectedVersion: exactly one wins', async () => {
      const results = await Promise.all(
        ['Samtidig A', 'Samtidig B', 'Samtidig C'].map((title) => t.gql(UPDATE, { id, input: { title }, v: 1 }, ADMIN)),
      );
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => codes(r)[0] === 'CONFLICT').length).toBe(2);
      expect((await t.ok(GET, { id })).initiative!.version).toBe(2);
    });

    it('records the changed fields, lists included, in one audit event', async () => {
      await t.ok(UPDATE, { id, input: { goalIds: [plan.goalIds[2]], summary: 'Nytt sammendrag' } }, ADMIN);
      const [event] = await t.sql(
        `SELECT action, entity_type, changes FROM audit_event WHERE entity_id = $1 AND action = 'initiative.update'`,
        [id],
      );
      expect(event.entity_type).toBe('Initiative');
      expect(event.changes.before).toEqual({
        goalIds: [plan.goalIds[0], plan.goalIds[1]].sort(),
        summary: 'Sammenhengende tjenester på tvers av etater.',
      });
      expect(event.changes.after).toEqual({ goalIds: [plan.goalIds[2]], summary: 'Nytt sammendrag' });
    });

    it('an update that changes nothing writes nothing and keeps the version', async () => {
      const res = await t.ok(
        UPDATE,
        { id, input: { title: 'Felles tjenester for barnefamilier', partnerIds: [partners[0].id, partners[1].id] } },
        ADMIN,
      );
      expect(res.updateInitiative.version).toBe(1);
      expect(await t.sql(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [id])).toEqual([{ n: 1 }]);
    });

    it('refuses references of another strategy and unknown ones, writing nothing', async () => {
      let res = await t.gql(UPDATE, { id, input: { title: 'X', focusAreaId: other.focusAreaId } }, ADMIN);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['input.focusAreaId']);
      res = await t.gql(
        UPDATE,
        { id, input: { title: 'X', executingAgencyId: '00000000-0000-4000-8000-000000000009' } },
        ADMIN,
      );
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(fields(res)).toEqual(['input.executingAgencyId']);
      expect((await t.ok(GET, { id })).initiative).toMatchObject({
        title: 'Felles tjenester for barnefamilier',
        version: 1,
      });
    });

    it('a code taken by another initiative of the strategy is CONFLICT', async () => {
      await t.ok(CREATE, { input: input({ code: '8.8' }) }, ADMIN);
      const res = await t.gql(UPDATE, { id, input: { code: '8.8' } }, ADMIN);
      expect(codes(res)).toEqual(['CONFLICT']);
      expect(fields(res)).toEqual(['input.code']);
    });

    it.each([
      ['an unknown id', '00000000-0000-4000-8000-00000000abcd'],
      ['a malformed id', 'abc'],
    ])('%s is NOT_FOUND', async (_name, badId) => {
      const res = await t.gql(UPDATE, { id: badId, input: { title: 'X' } }, ADMIN);
      expect(codes(res)).toEqual(['NOT_FOUND']);
    });

    it.each([
      ['anonymous', undefined, 'UNAUTHENTICATED'],
      ['the owner of the executing agency', () => ({ role: Role.OWNER, org: plan.agencies[0].orgNumber }), 'FORBIDDEN'],
      ['a reviewer', () => REVIEWER, 'FORBIDDEN'],
    ] as const)('refuses %s', async (_who, token, code) => {
      const res = await t.gql(UPDATE, { id, input: { title: 'X' } }, typeof token === 'function' ? token() : token);
      expect(codes(res)).toEqual([code]);
      expect((await t.ok(GET, { id })).initiative!.title).toBe('Felles tjenester for barnefamilier');
    });
  });

  describe('reads', () => {
    it('hides contact e-mails from anonymous callers only', async () => {
      const { createInitiative } = await t.ok(
        CREATE,
        { input: input({ contacts: [{ name: 'Kari', email: 'kari@example.no', role: 'Leder' }] }) },
        ADMIN,
      );
      const q = graphql(`query InitiativeContacts($id: ID!) { initiative(id: $id) { contacts { name email role } } }`);
      expect((await t.ok(q, { id: createInitiative.id })).initiative!.contacts).toEqual([
        { name: 'Kari', email: null, role: 'Leder' },
      ]);
      for (const token of [{ role: Role.OWNER, org: '974760673' }, REVIEWER, ADMIN]) {
        expect((await t.ok(q, { id: createInitiative.id }, token)).initiative!.contacts).toEqual([
          { name: 'Kari', email: 'kari@example.no', role: 'Leder' },
        ]);
      }
    });

    it('initiative(id) is null for unknown and malformed ids', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', "' OR 1=1 --", '']) {
        const res = await t.gql(graphql(`query InitiativeId($id: ID!) { initiative(id: $id) { id } }`), { id });
        expect(res.errors).toBeUndefined();
        expect(res.data!.initiative).toBeNull();
      }
    });

    it('initiativeByCode finds by strategy slug and code', async () => {
      const { createInitiative } = await t.ok(CREATE, { input: input({ code: '3.14' }) }, ADMIN);
      const q = graphql(
        `query InitiativeByCode($s: String!, $c: String!) { initiativeByCode(strategy: $s, code: $c) { id code } }`,
      );
      expect((await t.ok(q, { s: plan.strategySlug, c: '3.14' })).initiativeByCode).toEqual({
        id: createInitiative.id,
        code: '3.14',
      });
      expect((await t.ok(q, { s: plan.strategySlug, c: '3.140' })).initiativeByCode).toBeNull();
      expect((await t.ok(q, { s: 'ukjent', c: '3.14' })).initiativeByCode).toBeNull();
      expect((await t.ok(q, { s: plan.strategySlug, c: 'x'.repeat(5000) })).initiativeByCode).toBeNull();
      // A NUL character names nothing (PostgreSQL refuses it as a parameter; it must not become a server error).
      expect((await t.ok(q, { s: plan.strategySlug, c: '3.14\u0000' })).initiativeByCode).toBeNull();
      expect((await t.ok(q, { s: `${plan.strategySlug}\u0000`, c: '3.14' })).initiativeByCode).toBeNull();
    });
  });
});
