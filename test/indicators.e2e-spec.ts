import type { ResultOf, TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core';
import type { CreateIndicatorInput } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertGoal, insertStrategy } from './support/plan-fixtures.js';
import { codes, createTestApp, fields, GraphQLResponse, querySource, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const ADMIN = { role: Role.ADMIN, sub: 'admin-kari' };
const REVIEWER = { role: Role.REVIEWER, sub: 'reviewer-ola' };
const OWNER = { role: Role.OWNER, org: '974760673', sub: 'owner-per' };
/** Signed-in reads skip the anonymous response cache, for reads repeated after a write. */
const READER = { role: Role.OWNER, sub: 'reader' };
const UNKNOWN_ID = '5b0f0b4e-1d1c-4c55-9a57-6f1f5e2a0c11';

graphql(`fragment IndicatorFields on Indicator { id name unit betterWhen rankOutOf source goal { id number }
  values { year value note } latest { year value note }
  trend { change direction assessment current { year value } previous { year value } } }`);
const CREATE = graphql(
  `mutation CreateIndicator($input: CreateIndicatorInput!) { createIndicator(input: $input) { ...IndicatorFields } }`,
);
const RECORD = graphql(
  `mutation RecordIndicatorValue($input: RecordIndicatorValueInput!) { recordIndicatorValue(input: $input) { ...IndicatorFields } }`,
);
const AUDIT = graphql(
  `query EntityAuditLog($type: String, $id: ID) { auditLog(entityType: $type, entityId: $id) { totalCount edges { node { actor action entityType entityId changes } } } }`,
);

describe('key figures (indicators)', () => {
  let t: TestApp;
  let goalId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const strategy = await insertStrategy(t, { slug: 'en-digital-offentlig-sektor' });
    goalId = await insertGoal(t, strategy.id, 1, 'Mål 1');
  });
  afterAll(() => t.close());

  const countOf = async (table: string) => Number((await t.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const auditCount = () => countOf('audit_event');
  const indicator = (overrides: Partial<CreateIndicatorInput> = {}): CreateIndicatorInput => ({
    goalId,
    name: 'Andel innbyggere som har tillit til at personopplysninger ivaretas på en trygg måte',
    unit: 'PERCENT',
    betterWhen: 'HIGHER',
    source: 'IT i praksis',
    ...overrides,
  });
  const create = async (overrides: Partial<CreateIndicatorInput> = {}) =>
    (await t.ok(CREATE, { input: indicator(overrides) }, ADMIN)).createIndicator;
  const record = async (indicatorId: string, year: number, value: number, note?: string) =>
    (await t.ok(RECORD, { input: { indicatorId, year, value, ...(note === undefined ? {} : { note }) } }, ADMIN))
      .recordIndicatorValue;

  async function refused<O extends TypedDocumentNode<any, any>>(
    query: O,
    variables: VariablesOf<O>,
    table: string,
    code: string,
    field?: string,
    token: object | null = ADMIN,
  ) {
    const [rows, events] = [await countOf(table), await auditCount()];
    const res: GraphQLResponse<ResultOf<O>> = await t.gql<TypedDocumentNode<any, any>>(
      query,
      variables,
      token ?? undefined,
    );
    expect(codes(res)).toEqual([code]);
    if (field) expect(fields(res)).toEqual([field]);
    expect([await countOf(table), await auditCount()]).toEqual([rows, events]);
    return res;
  }

  describe('createIndicator', () => {
    it('creates a key figure with no values yet, and audits it', async () => {
      const created = await create();
      expect(created).toMatchObject({
        name: 'Andel innbyggere som har tillit til at personopplysninger ivaretas på en trygg måte',
        unit: 'PERCENT',
        betterWhen: 'HIGHER',
        rankOutOf: null,
        source: 'IT i praksis',
        goal: { id: goalId, number: 1 },
        values: [],
        latest: null,
        trend: null,
      });
      const audit = (await t.ok(AUDIT, { type: 'Indicator', id: created.id }, ADMIN)).auditLog;
      expect(audit.edges.map((e) => e.node)).toEqual([
        {
          actor: 'admin-kari',
          action: 'indicator.create',
          entityType: 'Indicator',
          entityId: created.id,
          changes: {
            before: null,
            after: expect.objectContaining({ goalId, unit: 'PERCENT', betterWhen: 'HIGHER', source: 'IT i praksis' }),
          },
        },
      ]);
    });

    it('stores LOWER for a RANK whatever betterWhen says, or when it is left out', async () => {
      const higher = await create({
        name: 'Norges rangering på digital tilgjengelighet',
        unit: 'RANK',
        betterWhen: 'HIGHER',
        rankOutOf: 36,
      });
      expect(higher).toMatchObject({ unit: 'RANK', betterWhen: 'LOWER', rankOutOf: 36 });
      const none = await create({
        name: 'Norges plassering i Open Data Maturity',
        unit: 'RANK',
        betterWhen: undefined,
        rankOutOf: 34,
      });
      expect(none).toMatchObject({ betterWhen: 'LOWER', rankOutOf: 34 });
      const rows = await t.sql(`SELECT better_when FROM indicator WHERE id IN ($1, $2)`, [higher.id, none.id]);
      expect(rows).toEqual([{ better_when: 'LOWER' }, { better_when: 'LOWER' }]);
    });

    it('lists a goal’s key figures in the order they were created', async () => {
      const strategy = await insertStrategy(t, { slug: 'rekkefolge' });
      const otherGoal = await insertGoal(t, strategy.id, 1);
      const names = ['Å først', 'B andre', 'A tredje', 'Ø fjerde'];
      for (const name of names) await create({ goalId: otherGoal, name });
      const data = await t.ok(graphql(`query GoalIndicatorNames($id: ID!) { goal(id: $id) { indicators { name } } }`), {
        id: otherGoal,
      });
      expect(data.goal!.indicators.map((i) => i.name)).toEqual(names);
    });

    it.each([
      ['PERCENT without betterWhen', { betterWhen: undefined }, 'BAD_USER_INPUT', 'input.betterWhen'],
      ['PERCENT with betterWhen null', { betterWhen: null }, 'BAD_USER_INPUT', 'input.betterWhen'],
      ['NUMBER without betterWhen', { unit: 'NUMBER', betterWhen: undefined }, 'BAD_USER_INPUT', 'input.betterWhen'],
      ['a RANK ranked out of 0', { unit: 'RANK', rankOutOf: 0 }, 'BAD_USER_INPUT', 'input.rankOutOf'],
      ['a RANK ranked out of -36', { unit: 'RANK', rankOutOf: -36 }, 'BAD_USER_INPUT', 'input.rankOutOf'],
      ['rankOutOf on a PERCENT', { rankOutOf: 36 }, 'BAD_USER_INPUT', 'input.rankOutOf'],
      ['a blank name', { name: '  ' }, 'BAD_USER_INPUT', 'input.name'],
      ['a name over 500 characters', { name: 'n'.repeat(501) }, 'BAD_USER_INPUT', 'input.name'],
      ['a blank source', { source: '' }, 'BAD_USER_INPUT', 'input.source'],
      ['an unknown goalId', { goalId: UNKNOWN_ID }, 'NOT_FOUND', 'input.goalId'],
      ['a malformed goalId', { goalId: 'mål-1' }, 'NOT_FOUND', 'input.goalId'],
    ] as const)('refuses %s with the field named, and writes nothing', async (_label, overrides, code, field) => {
      await refused(CREATE, { input: indicator(overrides) }, 'indicator', code, field);
    });
  });

  describe('recordIndicatorValue', () => {
    it('adds values, lists them oldest year first whatever the order they came in, and gives latest and trend', async () => {
      const { id } = await create({
        name: 'Andel misfornøyde med å utføre oppgaver på nett',
        betterWhen: 'LOWER',
        source: 'DFØ, innbyggerundersøkelsen',
      });
      await record(id, 2021, 15, 'Innbyggerundersøkelsen 2021 – «misfornøyd»');
      const afterOne = await record(id, 2019, 11);
      expect(afterOne.values).toEqual([
        { year: 2019, value: 11, note: null },
        { year: 2021, value: 15, note: 'Innbyggerundersøkelsen 2021 – «misfornøyd»' },
      ]);
      expect(afterOne.latest).toEqual({ year: 2021, value: 15, note: 'Innbyggerundersøkelsen 2021 – «misfornøyd»' });
      expect(afterOne.trend).toEqual({
        change: 4,
        direction: 'RISING',
        assessment: 'NEGATIVE',
        current: { year: 2021, value: 15 },
        previous: { year: 2019, value: 11 },
      });
    });

    it('replaces the value of a year given again, and audits both writes', async () => {
      const { id } = await create({
        name: 'Antall tjenester som bruker fellesløsningene',
        unit: 'NUMBER',
        source: 'Digdir',
      });
      await record(id, 2020, 7406);
      const replaced = await record(id, 2020, 7406.5, 'Korrigert');
      expect(replaced.values).toEqual([{ year: 2020, value: 7406.5, note: 'Korrigert' }]);
      expect(await t.sql(`SELECT year, value, note FROM indicator_value WHERE indicator_id = $1`, [id])).toEqual([
        { year: 2020, value: 7406.5, note: 'Korrigert' },
      ]);

      const audit = (await t.ok(AUDIT, { type: 'Indicator', id }, ADMIN)).auditLog;
      expect(audit.edges.map((e) => [e.node.action, e.node.changes])).toEqual([
        [
          'indicator.recordValue',
          {
            before: { value: { year: 2020, value: 7406, note: null } },
            after: { value: { year: 2020, value: 7406.5, note: 'Korrigert' } },
          },
        ],
        ['indicator.recordValue', { before: null, after: { value: { year: 2020, value: 7406, note: null } } }],
        ['indicator.create', expect.objectContaining({ before: null })],
      ]);
    });

    it.each([
      ['trust, higher is better', 'PERCENT', 'HIGHER', 50, 47, -3, 'FALLING', 'NEGATIVE'],
      ['openness, rank of 36', 'RANK', null, 16, 18, 2, 'FALLING', 'NEGATIVE'],
      ['easy overview, higher is better', 'PERCENT', 'HIGHER', 31, 30, -1, 'FALLING', 'NEGATIVE'],
      ['digital accessibility, rank of 36', 'RANK', null, 9, 6, -3, 'RISING', 'POSITIVE'],
      [
        'services on the common solutions, higher is better',
        'NUMBER',
        'HIGHER',
        7406,
        9257,
        1851,
        'RISING',
        'POSITIVE',
      ],
      ['a steady figure', 'PERCENT', 'LOWER', 20, 20, 0, 'STEADY', 'NEUTRAL'],
    ] as const)(
      'reports the trend of %s over the API',
      async (name, unit, betterWhen, before, now, change, direction, assessment) => {
        const { id } = await create({
          name,
          unit,
          betterWhen: betterWhen ?? undefined,
          ...(unit === 'RANK' ? { rankOutOf: 36 } : {}),
        });
        await record(id, 2020, before as number);
        const result = await record(id, 2021, now as number);
        expect(result.trend).toMatchObject({ change, direction, assessment });
        const read = await t.ok(
          graphql(
            `query GoalIndicatorTrends($id: ID!) { goal(id: $id) { indicators { id trend { change direction assessment } } } }`,
          ),
          { id: goalId },
          READER,
        );
        expect(read.goal!.indicators.find((i) => i.id === id)!.trend).toEqual({ change, direction, assessment });
      },
    );

    it.each([
      ['a year before 1990', { year: 1989 }, 'BAD_USER_INPUT', 'input.year'],
      ['a year after 2100', { year: 2101 }, 'BAD_USER_INPUT', 'input.year'],
      ['a note over 1000 characters', { note: 'n'.repeat(1001) }, 'BAD_USER_INPUT', 'input.note'],
      ['an unknown indicatorId', { indicatorId: UNKNOWN_ID }, 'NOT_FOUND', 'input.indicatorId'],
      ['a malformed indicatorId', { indicatorId: '12' }, 'NOT_FOUND', 'input.indicatorId'],
      ['a negative share for a PERCENT', { value: -1 }, 'BAD_USER_INPUT', 'input.value'],
      ['a share over 100 for a PERCENT', { value: 100.5 }, 'BAD_USER_INPUT', 'input.value'],
      ['1e308 for a PERCENT', { value: 1e308 }, 'BAD_USER_INPUT', 'input.value'],
    ])('refuses %s with the field named, and writes nothing', async (_label, overrides, code, field) => {
      const { id } = await create();
      await refused(
        RECORD,
        { input: { indicatorId: id, year: 2021, value: 1, ...overrides } },
        'indicator_value',
        code,
        field,
      );
    });

    it.each([
      ['place 0', 'RANK', 0],
      ['a place after the number ranked', 'RANK', 37],
      ['a fractional place', 'RANK', 6.5],
      ['an absurd count', 'NUMBER', 1e13],
    ] as const)('refuses %s for its unit', async (_label, unit, value) => {
      const { id } = await create({
        unit,
        betterWhen: unit === 'RANK' ? undefined : 'HIGHER',
        ...(unit === 'RANK' ? { rankOutOf: 36 } : {}),
      });
      await refused(
        RECORD,
        { input: { indicatorId: id, year: 2021, value } },
        'indicator_value',
        'BAD_USER_INPUT',
        'input.value',
      );
    });

    it('refuses a value that is not a finite number before anything is written', async () => {
      const { id } = await create();
      const before = await countOf('indicator_value');
      for (const value of ['NaN', 'Infinity', null]) {
        // Values outside the Float! of the variables' type: sent as the operation's text, untyped.
        const res = await t.gql(querySource(RECORD), { input: { indicatorId: id, year: 2021, value } }, ADMIN);
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(JSON.stringify(res.errors)).toContain('value');
      }
      // A literal 1e400 overflows to Infinity in the JSON parser.
      const huge = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(ADMIN)}` },
        body: `{"query":${JSON.stringify(querySource(RECORD))},"variables":{"input":{"indicatorId":"${id}","year":2021,"value":1e400}}}`,
      });
      const body = (await huge.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
      expect(await countOf('indicator_value')).toBe(before);
    });
  });

  describe('who may write', () => {
    let indicatorId: string;
    beforeAll(async () => {
      indicatorId = (await create()).id;
    });

    it.each([
      ['anonymous', null, 'UNAUTHENTICATED'],
      ['an owner', OWNER, 'FORBIDDEN'],
      ['a reviewer', REVIEWER, 'FORBIDDEN'],
    ])('refuses %s both mutations, and nothing is written', async (_label, token, code) => {
      await refused(CREATE, { input: indicator() }, 'indicator', code, undefined, token);
      await refused(
        RECORD,
        { input: { indicatorId, year: 2021, value: 1 } },
        'indicator_value',
        code,
        undefined,
        token,
      );
    });

    it('lets an admin do both', async () => {
      const result = await t.ok(RECORD, { input: { indicatorId, year: 2021, value: 1 } }, ADMIN);
      expect(result.recordIndicatorValue.values).toEqual([{ year: 2021, value: 1, note: null }]);
    });
  });
});
