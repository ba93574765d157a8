import { osloDay } from '../src/common/quarter.js';
import type { DeliveryInput } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertPlan, PlanFixture } from './support/plan-fixtures.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';

const ADD = graphql(
  `mutation AddDelivery($id: ID!, $input: DeliveryInput!) { addDelivery(initiativeId: $id, input: $input) { id title description dueDate state completedOn overdue } }`,
);
const UPDATE = graphql(
  `mutation UpdateDelivery($id: ID!, $input: UpdateDeliveryInput!) { updateDelivery(id: $id, input: $input) { id title description dueDate state completedOn overdue } }`,
);
const DELIVERIES = graphql(
  `query DeliveriesOfInitiative($id: ID!) { initiative(id: $id) { version updatedAt deliveries { id title dueDate state overdue } } }`,
);

/** A date `days` from today in Oslo, YYYY-MM-DD. */
function daysFromToday(days: number): string {
  const [y, m, d] = osloDay().split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

describe('deliveries', () => {
  let t: TestApp;
  let plan: PlanFixture;
  let initiativeId: string;
  let ownOwner: TokenOptions;
  let otherOwner: TokenOptions;

  beforeAll(async () => {
    t = await createTestApp();
    plan = await insertPlan(t, { goals: 1, agencies: 2, initiatives: 2 });
    initiativeId = plan.initiativeIds[0];
    ownOwner = { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'owner-own' };
    otherOwner = { role: Role.OWNER, org: plan.agencies[1].orgNumber, sub: 'owner-other' };
  });
  afterAll(() => t.close());

  const count = async () =>
    (await t.sql(`SELECT (SELECT count(*) FROM delivery)::int AS d, (SELECT count(*) FROM audit_event)::int AS e`))[0];

  describe('addDelivery', () => {
    it('adds for the owner of the executing agency, with one audit event, and marks the initiative changed without a new version', async () => {
      const before = (await t.ok(DELIVERIES, { id: initiativeId })).initiative!;
      const { addDelivery } = await t.ok(
        ADD,
        {
          id: initiativeId,
          input: { title: 'Pilot i tre kommuner', description: 'Første versjon', dueDate: '2030-06-30' },
        },
        ownOwner,
      );
      expect(addDelivery).toMatchObject({
        title: 'Pilot i tre kommuner',
        description: 'Første versjon',
        dueDate: '2030-06-30',
        state: 'PLANNED',
        completedOn: null,
        overdue: false,
      });
      const after = (await t.ok(DELIVERIES, { id: initiativeId })).initiative!;
      expect(after.deliveries.map((d) => d.id)).toContain(addDelivery.id);
      expect(after.version).toBe(before.version);
      expect(new Date(after.updatedAt).getTime()).toBeGreaterThan(new Date(before.updatedAt).getTime());
      const events = await t.sql(`SELECT actor, action, entity_type, changes FROM audit_event WHERE entity_id = $1`, [
        addDelivery.id,
      ]);
      expect(events).toEqual([
        {
          actor: 'owner-own',
          action: 'delivery.add',
          entity_type: 'Delivery',
          changes: {
            before: null,
            after: expect.objectContaining({
              initiativeId,
              title: 'Pilot i tre kommuner',
              dueDate: '2030-06-30',
              state: 'PLANNED',
              completedOn: null,
            }),
          },
        },
      ]);
    });

    it.each([
      ['anonymous', (): TokenOptions | undefined => undefined, 'UNAUTHENTICATED'],
      ['an owner of another organisation', () => otherOwner, 'FORBIDDEN'],
      ['an owner without an organisation', () => ({ role: Role.OWNER }), 'FORBIDDEN'],
      ['a reviewer', () => ({ role: Role.REVIEWER }), 'FORBIDDEN'],
      ['a signed-in user without a role', () => ({ org: plan.agencies[0].orgNumber }), 'FORBIDDEN'],
    ] as const)('refuses %s and writes nothing', async (_who, token, code) => {
      const before = await count();
      const res = await t.gql(ADD, { id: initiativeId, input: { title: 'Nei' } }, token() as TokenOptions | undefined);
      expect(codes(res)).toEqual([code]);
      expect(await count()).toEqual(before);
    });

    it('lets an ADMIN add to any initiative', async () => {
      const { addDelivery } = await t.ok(
        ADD,
        { id: plan.initiativeIds[1], input: { title: 'Admin sin', state: 'DONE', completedOn: '2024-03-01' } },
        { role: Role.ADMIN },
      );
      expect(addDelivery).toMatchObject({ state: 'DONE', completedOn: '2024-03-01', overdue: false });
    });

    it.each([
      ['an unknown initiative', '00000000-0000-4000-8000-000000000000'],
      ['a malformed initiative id', 'nope'],
    ])('%s is NOT_FOUND naming initiativeId', async (_name, id) => {
      const res = await t.gql(ADD, { id, input: { title: 'X' } }, { role: Role.ADMIN });
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(fields(res)).toEqual(['initiativeId']);
    });

    it.each([
      ['a blank title', { title: ' ' }, 'input.title'],
      ['a title of 301 characters', { title: 'x'.repeat(301) }, 'input.title'],
      ['a description of 10001 characters', { title: 'x', description: 'x'.repeat(10001) }, 'input.description'],
      ['completedOn on a PLANNED delivery', { title: 'x', completedOn: '2024-01-01' }, 'input.completedOn'],
      ['a due date that is no date', { title: 'x', dueDate: '2024-02-30' }, 'dueDate'],
    ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_name, input, field) => {
      const before = await count();
      const res = await t.gql(ADD, { id: initiativeId, input }, ownOwner);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect([...fields(res), res.errors![0].message].join(' ')).toContain(field);
      expect(await count()).toEqual(before);
    });
  });

  describe('updateDelivery', () => {
    let deliveryId: string;
    beforeEach(async () => {
      const { addDelivery } = await t.ok(
        ADD,
        { id: initiativeId, input: { title: 'Leveranse', description: 'Beskrivelse', dueDate: '2031-01-31' } },
        { role: Role.ADMIN },
      );
      deliveryId = addDelivery.id;
    });

    it('keeps the fields left out and records before and after', async () => {
      const { updateDelivery } = await t.ok(
        UPDATE,
        { id: deliveryId, input: { state: 'DONE', completedOn: '2024-05-05' } },
        ownOwner,
      );
      expect(updateDelivery).toMatchObject({
        title: 'Leveranse',
        description: 'Beskrivelse',
        dueDate: '2031-01-31',
        state: 'DONE',
        completedOn: '2024-05-05',
      });
      const [event] = await t.sql(
        `SELECT action, entity_type, changes FROM audit_event WHERE entity_id = $1 AND action = 'delivery.update'`,
        [deliveryId],
      );
      expect(event).toEqual({
        action: 'delivery.update',
        entity_type: 'Delivery',
        changes: {
          before: { state: 'PLANNED', completedOn: null },
          after: { state: 'DONE', completedOn: '2024-05-05' },
        },
      });
    });

    it('clears completedOn when the state leaves DONE; refuses completedOn without DONE', async () => {
      await t.ok(UPDATE, { id: deliveryId, input: { state: 'DONE', completedOn: '2024-05-05' } }, ownOwner);
      const { updateDelivery } = await t.ok(UPDATE, { id: deliveryId, input: { state: 'PLANNED' } }, ownOwner);
      expect(updateDelivery).toMatchObject({ state: 'PLANNED', completedOn: null });
      const res = await t.gql(UPDATE, { id: deliveryId, input: { completedOn: '2024-05-05' } }, ownOwner);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['input.completedOn']);
    });

    it('clears description and due date given as null; refuses a null title', async () => {
      const { updateDelivery } = await t.ok(
        UPDATE,
        { id: deliveryId, input: { description: null, dueDate: null } },
        ownOwner,
      );
      expect(updateDelivery).toMatchObject({ description: null, dueDate: null, title: 'Leveranse' });
      const res = await t.gql(UPDATE, { id: deliveryId, input: { title: null } }, ownOwner);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toContain('input.title');
    });

    it.each([
      ['anonymous', (): TokenOptions | undefined => undefined, 'UNAUTHENTICATED'],
      ['an owner of another organisation', () => otherOwner, 'FORBIDDEN'],
      ['a reviewer', () => ({ role: Role.REVIEWER }), 'FORBIDDEN'],
    ] as const)('refuses %s and writes nothing', async (_who, token, code) => {
      const before = await count();
      const res = await t.gql(
        UPDATE,
        { id: deliveryId, input: { title: 'Endret' } },
        token() as TokenOptions | undefined,
      );
      expect(codes(res)).toEqual([code]);
      expect(await count()).toEqual(before);
      const [row] = await t.sql(`SELECT title FROM delivery WHERE id = $1`, [deliveryId]);
      expect(row.title).toBe('Leveranse');
    });

    it('an ADMIN may update', async () => {
      const { updateDelivery } = await t.ok(
        UPDATE,
        { id: deliveryId, input: { title: 'Endret av admin' } },
        { role: Role.ADMIN },
      );
      expect(updateDelivery.title).toBe('Endret av admin');
    });

    it.each(['00000000-0000-4000-8000-000000000000', 'nope'])('%s is NOT_FOUND naming id', async (id) => {
      const res = await t.gql(UPDATE, { id, input: { title: 'X' } }, { role: Role.ADMIN });
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(fields(res)).toEqual(['id']);
    });
  });

  describe('order and overdue', () => {
    it('orders by due date with undated last, then as added; overdue is PLANNED with a due date before today (Oslo)', async () => {
      const id = plan.initiativeIds[1];
      await t.sql(`DELETE FROM delivery WHERE initiative_id = $1`, [id]);
      const admin = { role: Role.ADMIN };
      const add = async (input: DeliveryInput) => (await t.ok(ADD, { id, input }, admin)).addDelivery;
      const undatedFirst = await add({ title: 'Udatert 1' });
      const late = await add({ title: 'Forsinket', dueDate: daysFromToday(-1) });
      const today = await add({ title: 'I dag', dueDate: daysFromToday(0) });
      const doneLate = await add({ title: 'Ferdig', dueDate: daysFromToday(-30), state: 'DONE' });
      const cancelled = await add({ title: 'Avlyst', dueDate: daysFromToday(-60), state: 'CANCELLED' });
      const future = await add({ title: 'Fremtidig', dueDate: daysFromToday(10) });
      const undatedSecond = await add({ title: 'Udatert 2' });
      const { initiative } = await t.ok(DELIVERIES, { id });
      expect(initiative!.deliveries.map((d) => d.title)).toEqual([
        'Avlyst',
        'Ferdig',
        'Forsinket',
        'I dag',
        'Fremtidig',
        'Udatert 1',
        'Udatert 2',
      ]);
      const overdue = Object.fromEntries(initiative!.deliveries.map((d) => [d.id, d.overdue]));
      expect(overdue).toEqual({
        [undatedFirst.id]: false,
        [late.id]: true,
        [today.id]: false,
        [doneLate.id]: false,
        [cancelled.id]: false,
        [future.id]: false,
        [undatedSecond.id]: false,
      });
      const { updateDelivery } = await t.ok(UPDATE, { id: late.id, input: { state: 'DONE' } }, admin);
      expect(updateDelivery.overdue).toBe(false);
    });
  });
});
