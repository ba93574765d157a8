import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLSchema,
  IntrospectionQuery,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { graphql } from './graphql/graphql.js';
import { databaseFingerprint } from './support/db-fingerprint.js';
import {
  insertFocusArea,
  insertLifeEvent,
  insertOrganization,
  insertPlan,
  insertStatusUpdate,
  nextOrgNumber,
  PlanFixture,
} from './support/plan-fixtures.js';
import { postRaw, RawResponse } from './support/raw-http.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { until } from './support/until.js';
import { Role } from './support/tokens.js';

/**
 * Every mutation of the running schema, fed hostile input one field at a time: wrong types, empty and
 * white-space-only text, huge text (100 KB, and 1 MB, which the body limit refuses), control characters,
 * invalid dates and quarters, negative and huge numbers, unknown enum values, unknown and malformed ids,
 * long and repeated lists, unknown and missing fields. Each answer must be BAD_USER_INPUT or NOT_FOUND (a
 * stale expectedVersion may be CONFLICT) naming the field, never a 5xx, and must leave every table as it
 * was. The mutations are read from the schema by introspection, so a new mutation without a row below
 * fails the test.
 */

type Vars = Record<string, unknown>;
interface Row {
  /** Valid variables for the mutation; every case changes one field of them */
  vars: () => Vars;
  /** Field paths (as in fieldErrors) and the case names that are valid input there, so not hostile */
  validThere?: Record<string, string[]>;
}

interface Case {
  name: string;
  /** The variables path changed, e.g. input.contacts.0.name */
  path: string;
  value: unknown;
  /** The field the answer must name, when not `path` */
  names?: string;
  /** Remove the field instead of setting it */
  remove?: boolean;
}

const KB100 = 'x'.repeat(100 * 1024);
const MB1 = 'ø'.repeat(600 * 1024); // 1.2 MB as UTF-8: over the body limit
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** Hostile values by the named input type of a field. */
function valuesFor(typeName: string, enumValues: string[]): [string, unknown][] {
  switch (typeName) {
    case 'String':
      return [
        ['empty string', ''],
        ['white space only', ' \t\n  '],
        ['NUL character', 'abc\u0000def'],
        ['bell and escape characters', 'a\u0007b\u001b[31m'],
        ['100 KB', KB100],
        ['1 MB', MB1],
        ['a number', 42],
        ['an object', { text: 'x' }],
        ['a list', ['x']],
      ];
    case 'ID':
      return [
        ['empty id', ''],
        ['malformed id', 'not-an-id'],
        ['unknown id', UNKNOWN_ID],
        ['SQL in an id', "1' OR '1'='1"],
        ['100 KB id', KB100],
        ['an object as id', { id: UNKNOWN_ID }],
        ['a number as id', 12345],
      ];
    case 'Int':
      return [
        ['2^31', 2 ** 31],
        ['-2^31 - 1', -(2 ** 31) - 1],
        ['1e308', 1e308],
        ['a fraction', 1.5],
        ['a numeric string', '12'],
        ['negative', -1],
        ['zero', 0],
      ];
    case 'Float':
      return [
        ['1e308', 1e308],
        ['-1e308', -1e308],
        ['a string', 'NaN'],
        ['negative', -1],
      ];
    case 'Date':
      return [
        ['30 February', '2024-02-30'],
        ['month 13', '2024-13-01'],
        ['words', 'i går'],
        ['empty date', ''],
        ['a number as date', 20240101],
        ['an instant', '2024-01-01T00:00:00Z'],
        ['year 0', '0000-01-01'],
      ];
    case 'Quarter':
      return [
        ['Q5', '2024-Q5'],
        ['Q0', '2024-Q0'],
        ['no dash', '2024Q1'],
        ['lower case', '2024-q1'],
        ['before 2000', '1999-Q4'],
        ['far future', '2999-Q1'],
        ['empty quarter', ''],
      ];
    default:
      if (enumValues.length > 0) {
        return [
          ['unknown enum value', 'NOT_A_VALUE'],
          ['enum value in lower case', enumValues[0].toLowerCase()],
          ['empty enum value', ''],
          ['a number as enum value', 1],
        ];
      }
      throw new Error(`No hostile values for the type ${typeName}: add them`);
  }
}

function get(vars: Vars, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    vars,
  );
}

function withValue(vars: Vars, path: string[], value: unknown, remove = false): Vars {
  const copy = structuredClone(vars);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (target[key] === undefined || target[key] === null) target[key] = /^\d+$/.test(key) ? [] : {};
    target = target[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (remove) delete target[last];
  else target[last] = value;
  return copy;
}

/** The cases of one field (and, for input objects, of its fields), given the valid variables. */
function casesFor(type: GraphQLInputType, path: string[], base: Vars, out: Case[]): void {
  const at = path.join('.');
  const nullable = getNullableType(type);
  if (isNonNullType(type))
    out.push({
      name: 'missing required field',
      path: at,
      value: undefined,
      remove: true,
      names: path[path.length - 1],
    });
  if (isListType(nullable)) {
    const element = nullable.ofType;
    const current = get(base, path);
    const sample = Array.isArray(current) && current.length > 0 ? current[0] : sampleOf(element);
    out.push({ name: '1000 entries', path: at, value: Array(1000).fill(sample) });
    out.push({ name: 'a null entry', path: at, value: [null] });
    if (!isInputObjectType(getNamedType(element)))
      out.push({ name: 'a repeated entry', path: at, value: [sample, sample] });
    casesFor(
      element,
      [...path, '0'],
      Array.isArray(current) && current.length > 0 ? base : withValue(base, path, [sample]),
      out,
    );
    return;
  }
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    const current = get(base, path);
    out.push({ name: 'an unknown field', path: [...path, 'bogusField'].join('.'), value: 1, names: 'bogusField' });
    out.push({ name: 'a string instead of an object', path: at, value: 'x' });
    const objectBase = current && typeof current === 'object' ? base : withValue(base, path, sampleOf(named));
    for (const field of Object.values(named.getFields()) as GraphQLInputField[])
      casesFor(field.type, [...path, field.name], objectBase, out);
    return;
  }
  const enumValues = isEnumType(named) ? named.getValues().map((v) => v.name) : [];
  if (!isScalarType(named) && !isEnumType(named)) throw new Error(`Unexpected input type ${String(named)}`);
  for (const [name, value] of valuesFor(named.name, enumValues)) out.push({ name, path: at, value });
}

/** A plausible valid value of an input type, for optional lists and objects that the base leaves out. */
function sampleOf(type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      (Object.values(named.getFields()) as GraphQLInputField[])
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sampleOf(f.type)]),
    );
  }
  if (isEnumType(named)) return named.getValues()[0].name;
  if (named.name === 'ID') return UNKNOWN_ID;
  if (named.name === 'Int') return 1;
  if (named.name === 'Float') return 1;
  if (named.name === 'String') return 'Gyldig tekst';
  if (named.name === 'Date') return '2024-05-17';
  if (named.name === 'Quarter') return '2024-Q1';
  return 'x';
}

function typeString(arg: GraphQLArgument): string {
  return String(arg.type);
}

const isNamed = (res: RawResponse, c: Case): boolean => {
  const want = c.names ?? c.path;
  const last = want.split('.').pop()!;
  return (res.json?.errors ?? []).some((e: any) => {
    const fields: string[] = (e.extensions?.fieldErrors ?? []).map((f: any) => f.field);
    return (
      fields.some((f) => f === want || f.startsWith(`${want}.`) || f === last || f.endsWith(`.${last}`)) ||
      String(e.message).includes(`"${want}"`) ||
      String(e.message).includes(`"${last}"`)
    );
  });
};

describe('hostile input to every mutation', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let plan: PlanFixture;
  let fx: Record<string, string>;
  let admin: string;

  beforeAll(async () => {
    // Webhooks to loopback are allowed here, so that a valid createWebhook can be made. What the valid calls
    // send (e-mail as .eml files, webhooks to a port that refuses) is tried once and settled before the next
    // mutation's cases, so that no send changes a table while they run.
    t = await createTestApp({
      env: {
        RATE_LIMIT_WRITES: '0',
        RATE_LIMIT_READS: '0',
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        MAIL_MAX_ATTEMPTS: '1',
        WEBHOOK_MAX_ATTEMPTS: '1',
        QUEUE_POLL_MS: '500',
      },
    });
    // graphql-js's own introspection query, a string: its answer has graphql-js's type.
    const introspection = (await t.ok(getIntrospectionQuery())) as IntrospectionQuery;
    schema = buildClientSchema(introspection);
    plan = await insertPlan(t, { goals: 2, agencies: 2, initiatives: 4 });
    const [i0, , i2, i3] = plan.initiativeIds;
    const ministry = await insertOrganization(t, { kind: 'MINISTRY', name: 'Digitaliseringsdepartementet' });
    const [indicator] = await t.sql(
      `INSERT INTO indicator (goal_id, name, unit, better_when, source) VALUES ($1, 'Andel', 'PERCENT', 'HIGHER', 'SSB') RETURNING id`,
      [plan.goalIds[0]],
    );
    const [delivery] = await t.sql(
      `INSERT INTO delivery (initiative_id, title) VALUES ($1, 'Leveranse') RETURNING id`,
      [i0],
    );
    fx = {
      ministry: ministry.id,
      focusArea: await insertFocusArea(t, plan.strategyId, 'innsats'),
      lifeEvent: await insertLifeEvent(t, plan.strategyId, 'livshendelse'),
      indicator: indicator.id,
      delivery: delivery.id,
      draft: await insertStatusUpdate(t, {
        initiativeId: i2,
        period: '2024-Q2',
        state: 'DRAFT',
        authorSubject: 'fixture-owner',
      }),
      submitted: await insertStatusUpdate(t, {
        initiativeId: i3,
        period: '2024-Q2',
        state: 'SUBMITTED',
        authorSubject: 'fixture-owner',
      }),
      webhook: (
        await t.sql(
          `INSERT INTO webhook (url, events, secret, created_by, active) VALUES ('http://127.0.0.1:9/hook', '{ROUND_CLOSED}', 'whsec_AAAA', 'fixture', false) RETURNING id`,
        )
      )[0].id,
      submittedToReturn: await insertStatusUpdate(t, {
        initiativeId: i0,
        period: '2024-Q3',
        state: 'SUBMITTED',
        authorSubject: 'fixture-owner',
      }),
      submittedToWithdraw: await insertStatusUpdate(t, {
        initiativeId: i0,
        period: '2024-Q4',
        state: 'SUBMITTED',
        authorSubject: 'fixture-owner',
      }),
    };
    // Open rounds to move and to close (openReportingRound opens 2024-Q1 itself, once).
    await t.sql(
      `INSERT INTO reporting_round (period, due_date, opened_by) VALUES ('2023-Q3', '2023-10-15', 'fixture-admin'), ('2023-Q4', '2024-01-15', 'fixture-admin')`,
    );
    admin = await t.token({ role: Role.ADMIN, sub: 'hostile-admin' });
  });
  afterAll(() => t.close());

  const ROWS: Record<string, Row> = {
    createOrganization: {
      vars: () => ({
        input: {
          orgNumber: nextOrgNumber(),
          name: 'Ny virksomhet',
          shortName: 'NV',
          kind: 'AGENCY',
          parentId: fx.ministry,
          reportingEmail: 'rapport@etaten.no',
        },
      }),
    },
    updateOrganization: {
      vars: () => ({
        id: plan.agencies[0].id,
        input: {
          name: 'Nytt navn',
          shortName: 'NN',
          kind: 'AGENCY',
          parentId: fx.ministry,
          reportingEmail: 'post@etaten.no',
        },
      }),
    },
    createStrategy: {
      vars: () => ({
        input: {
          slug: 'ny-strategi',
          title: 'Ny strategi',
          periodStart: 2026,
          periodEnd: 2030,
          description: 'Beskrivelse',
        },
      }),
    },
    createGoal: {
      vars: () => ({ input: { strategyId: plan.strategyId, number: 7, title: 'Mål 7', description: 'Beskrivelse' } }),
    },
    updateGoal: { vars: () => ({ id: plan.goalIds[0], input: { title: 'Nytt mål', description: 'Ny beskrivelse' } }) },
    createIndicator: {
      vars: () => ({
        input: {
          goalId: plan.goalIds[0],
          name: 'Plass i FNs indeks',
          unit: 'RANK',
          betterWhen: 'LOWER',
          rankOutOf: 36,
          source: 'FN',
        },
      }),
    },
    // The indicator is a PERCENT one: a share from 0 to 100.
    recordIndicatorValue: {
      vars: () => ({ input: { indicatorId: fx.indicator, year: 2021, value: 47.5, note: 'Merknad' } }),
    },
    setGoalAssessment: {
      vars: () => ({
        input: {
          goalId: plan.goalIds[0],
          year: 2021,
          level: 'MEDIUM',
          score: 2,
          development: 'IMPROVING',
          summary: 'Oppsummering',
          challenges: 'Utfordringer',
        },
      }),
    },
    createFocusArea: {
      vars: () => ({
        input: { strategyId: plan.strategyId, slug: 'nytt-omrade', title: 'Nytt område', description: 'Beskrivelse' },
      }),
    },
    createLifeEvent: {
      vars: () => ({
        input: {
          strategyId: plan.strategyId,
          slug: 'ny-hendelse',
          title: 'Ny hendelse',
          responsibleMinistryId: fx.ministry,
        },
      }),
    },
    createInitiative: {
      vars: () => ({
        input: {
          strategyId: plan.strategyId,
          code: '9.1',
          title: 'Nytt tiltak',
          summary: 'Sammendrag',
          description: 'Beskrivelse',
          goalIds: [plan.goalIds[0]],
          focusAreaId: fx.focusArea,
          lifeEventIds: [fx.lifeEvent],
          responsibleMinistryId: fx.ministry,
          executingAgencyId: plan.agencies[0].id,
          partnerIds: [plan.agencies[1].id],
          contacts: [{ name: 'Kari Nordmann', email: 'kari@example.no', role: 'Prosjektleder' }],
          startDate: '2024-01-01',
          plannedEndDate: '2025-12-31',
          lifecycle: 'ACTIVE',
          links: [{ title: 'Nettside', url: 'https://www.digdir.no/' }],
        },
      }),
    },
    updateInitiative: {
      vars: () => ({
        id: plan.initiativeIds[1],
        expectedVersion: 1,
        input: {
          code: '9.2',
          title: 'Endret tiltak',
          summary: 'Nytt sammendrag',
          description: 'Ny beskrivelse',
          goalIds: [plan.goalIds[1]],
          focusAreaId: fx.focusArea,
          lifeEventIds: [fx.lifeEvent],
          responsibleMinistryId: fx.ministry,
          executingAgencyId: plan.agencies[1].id,
          partnerIds: [plan.agencies[0].id],
          contacts: [{ name: 'Ola Nordmann', email: 'ola@example.no', role: 'Eier' }],
          startDate: '2024-02-01',
          plannedEndDate: '2026-06-30',
          lifecycle: 'ACTIVE',
          links: [{ title: 'Side', url: 'https://example.no/side' }],
        },
      }),
      validThere: { expectedVersion: [] },
    },
    addDelivery: {
      vars: () => ({
        initiativeId: plan.initiativeIds[0],
        input: { title: 'Ny leveranse', description: 'Beskrivelse', dueDate: '2025-06-30', state: 'PLANNED' },
      }),
    },
    updateDelivery: {
      vars: () => ({
        id: fx.delivery,
        input: {
          title: 'Endret leveranse',
          description: 'Ny',
          dueDate: '2025-09-30',
          state: 'DONE',
          completedOn: '2025-09-01',
        },
      }),
    },
    saveStatusUpdate: {
      vars: () => ({
        input: {
          initiativeId: plan.initiativeIds[1],
          period: '2024-Q1',
          status: 'MINOR_DELAYS',
          progressPercent: 40,
          summary: 'Sammendrag',
          achievements: 'Oppnådd',
          nextSteps: 'Neste steg',
          risks: 'Risiko',
          obstacles: ['CAPACITY'],
        },
      }),
      // No progress yet is a fair report; the obstacles are a set, so repeats collapse (status-update.rules.ts).
      validThere: { 'input.progressPercent': ['zero'], 'input.obstacles': ['1000 entries', 'a repeated entry'] },
    },
    submitStatusUpdate: { vars: () => ({ id: fx.draft, expectedVersion: 1 }) },
    approveStatusUpdate: { vars: () => ({ id: fx.submitted, comment: 'Godkjent', expectedVersion: 1 }) },
    returnStatusUpdate: {
      vars: () => ({ id: fx.submittedToReturn, comment: 'Mer detaljer, takk', expectedVersion: 1 }),
    },
    withdrawStatusUpdate: { vars: () => ({ id: fx.submittedToWithdraw, expectedVersion: 1 }) },
    openReportingRound: {
      vars: () => ({ input: { period: '2024-Q1', dueDate: '2024-04-15', message: 'Frist 15. april' } }),
    },
    setReportingRoundDueDate: { vars: () => ({ period: '2023-Q4', dueDate: '2024-01-31', expectedVersion: 1 }) },
    closeReportingRound: { vars: () => ({ period: '2023-Q3', expectedVersion: 1 }) },
    createWebhook: {
      vars: () => ({ input: { url: 'http://127.0.0.1:9/portal', events: ['ROUND_CLOSED'] } }),
      // The events are a set, so repeats collapse (webhook.service.ts).
      validThere: { 'input.events': ['1000 entries', 'a repeated entry'] },
    },
    deleteWebhook: { vars: () => ({ id: fx.webhook }) },
  };

  /**
   * Cases a module still gets wrong, reported to the lead for the owning module; the test asserts exactly
   * these fail, so it goes red both when another one fails and when one of these is fixed (then remove it).
   */
  const KNOWN_FAILURES: Record<string, string[]> = {};

  it('has a row for every mutation of the schema (and none for a mutation that is gone)', () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(mutations.filter((m) => !ROWS[m])).toEqual([]);
    expect(Object.keys(ROWS).filter((m) => !mutations.includes(m))).toEqual([]);
  });

  const operation = (name: string): string => {
    const field = schema.getMutationType()!.getFields()[name];
    const params = field.args.map((a) => `$${a.name}: ${typeString(a)}`).join(', ');
    const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    // A mutation answering a scalar (deleteWebhook: Boolean) takes no selection.
    const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
    return `mutation Hostile${params ? `(${params})` : ''} { ${name}${args ? `(${args})` : ''}${selection} }`;
  };

  it.each(Object.keys(ROWS))(
    '%s: refuses every hostile value with BAD_USER_INPUT or NOT_FOUND naming the field, and writes nothing',
    async (name) => {
      const field = schema.getMutationType()!.getFields()[name];
      expect(field).toBeDefined();
      const row = ROWS[name];
      const base = row.vars();
      const cases: Case[] = [];
      for (const arg of field.args) casesFor(arg.type, [arg.name], base, cases);
      const query = operation(name);
      const failures: string[] = [];
      for (const c of cases) {
        if (row.validThere?.[c.path]?.includes(c.name)) continue;
        const allowed = new Set([
          'BAD_USER_INPUT',
          'NOT_FOUND',
          ...(c.path.endsWith('expectedVersion') ? ['CONFLICT'] : []),
        ]);
        const before = await databaseFingerprint(t);
        const res = await postRaw(
          t.url,
          { query, variables: withValue(base, c.path.split('.'), c.value, c.remove) },
          { authorization: `Bearer ${admin}` },
        );
        const after = await databaseFingerprint(t);
        const label = `${c.path} = ${c.name}`;
        const codes: string[] = (res.json?.errors ?? []).map((e: any) => e.extensions?.code);
        const problems: string[] = [];
        if (res.status >= 500) problems.push(`HTTP ${res.status}`);
        if (res.status === 413 && c.name !== '1 MB') problems.push('413 for a small body');
        if (!res.json?.errors?.length) problems.push('accepted');
        else if (codes.some((code) => !allowed.has(code)))
          problems.push(`codes ${codes.join(',')}: ${res.json.errors[0].message.slice(0, 160)}`);
        else if (res.status !== 413 && !isNamed(res, c))
          problems.push(`field not named: ${JSON.stringify(res.json.errors).slice(0, 240)}`);
        const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
        if (changed.length) problems.push(`wrote to ${changed.join(', ')}`);
        if (problems.length) failures.push(`${label}: ${problems.join('; ')}`);
      }
      if (process.env.PRINT_CASES) process.stderr.write(`${name}: ${cases.length} cases\n`);
      if (failures.length) process.stderr.write(`${name}:\n  ${failures.join('\n  ')}\n`);
      expect(failures.map((f) => f.slice(0, f.indexOf(': ')))).toEqual(KNOWN_FAILURES[name] ?? []);
      // A lone ID argument (deleteWebhook) gives the fewest: 8.
      expect(cases.length).toBeGreaterThanOrEqual(8);

      // The valid variables themselves are accepted (so the refusals above were about the hostile values).
      const ok = await postRaw(t.url, { query, variables: base }, { authorization: `Bearer ${admin}` });
      expect(ok.json.errors).toBeUndefined();
      const answer = ok.json.data[name];
      expect(isCompositeType(getNamedType(field.type)) ? answer.__typename : answer).toBeDefined();
      await until(
        async () => (await t.sql(`SELECT 1 FROM pgboss.job WHERE state < 'completed'`)).length === 0,
        20_000,
        'what the valid call sent to be settled',
      );
    },
  );

  it('round-trips Norwegian letters and emoji unchanged through create and read', async () => {
    // Composed and decomposed å (U+00E5 and a + U+030A), skin tone, flag and family (zero-width joiners) emoji.
    const text = 'Blåbærsyltetøy på Ærø: ÆØÅ æøå a\u030A — «sitat» 👍🏽 🇳🇴 👨‍👩‍👧';
    const org = nextOrgNumber();
    await t.ok(
      graphql('mutation TextCreateOrganization($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }'),
      { i: { orgNumber: org, name: text, shortName: 'ÆØÅ👍🏽', kind: 'AGENCY' } },
      admin,
    );
    const strategy = await t.ok(
      graphql('mutation TextCreateStrategy($i: CreateStrategyInput!) { createStrategy(input: $i) { id } }'),
      { i: { slug: 'norsk-tekst', title: text, description: text, periodStart: 2019, periodEnd: 2025 } },
      admin,
    );
    const goal = await t.ok(
      graphql('mutation TextCreateGoal($i: CreateGoalInput!) { createGoal(input: $i) { id } }'),
      { i: { strategyId: strategy.createStrategy.id, number: 1, title: text, description: text } },
      admin,
    );
    const goalId = goal.createGoal.id;
    await t.ok(
      graphql('mutation TextSetGoalAssessment($i: SetGoalAssessmentInput!) { setGoalAssessment(input: $i) { id } }'),
      { i: { goalId, year: 2022, level: 'GOOD', development: 'UNCHANGED', summary: text, challenges: text } },
      admin,
    );
    const agency = (await t.sql('SELECT id FROM organization WHERE org_number = $1', [org]))[0].id;
    const initiative = await t.ok(
      graphql('mutation TextCreateInitiative($i: CreateInitiativeInput!) { createInitiative(input: $i) { id } }'),
      {
        i: {
          strategyId: strategy.createStrategy.id,
          code: '1.1',
          title: text,
          summary: text,
          description: text,
          goalIds: [goalId],
          executingAgencyId: agency,
          contacts: [{ name: text, role: text }],
          links: [{ title: text, url: 'https://www.digdir.no/' }],
          lifecycle: 'ACTIVE',
        },
      },
      admin,
    );
    const initiativeId = initiative.createInitiative.id;
    await t.ok(
      graphql(
        'mutation TextAddDelivery($id: ID!, $i: DeliveryInput!) { addDelivery(initiativeId: $id, input: $i) { id } }',
      ),
      { id: initiativeId, i: { title: text, description: text } },
      admin,
    );
    const saved = await t.ok(
      graphql('mutation TextSaveStatusUpdate($i: SaveStatusUpdateInput!) { saveStatusUpdate(input: $i) { id } }'),
      {
        i: {
          initiativeId,
          period: '2024-Q4',
          status: 'ON_TRACK',
          summary: text,
          achievements: text,
          nextSteps: text,
          risks: text,
        },
      },
      admin,
    );
    const updateId = saved.saveStatusUpdate.id;
    await t.ok(
      graphql('mutation TextSubmitStatusUpdate($id: ID!) { submitStatusUpdate(id: $id) { id } }'),
      { id: updateId },
      admin,
    );
    const reviewer = await t.token({ role: Role.REVIEWER, sub: 'norsk-reviewer' });
    await t.ok(
      graphql(
        'mutation TextReturnStatusUpdate($id: ID!, $c: String!) { returnStatusUpdate(id: $id, comment: $c) { id } }',
      ),
      { id: updateId, c: text },
      reviewer,
    );

    const read = await t.ok(
      graphql(`query TextsReadBack($org: String!, $slug: String!, $id: ID!, $u: ID!) {
        organization(orgNumber: $org) { name shortName }
        strategy(slug: $slug) { title description goals { title description assessments { summary challenges } } }
        initiative(id: $id) { title summary description contacts { name role } links { title } deliveries { title description } }
        statusUpdate(id: $u) { summary achievements nextSteps risks reviewComment }
      }`),
      { org, slug: 'norsk-tekst', id: initiativeId, u: updateId },
      reviewer,
    );
    expect(read).toEqual({
      organization: { name: text, shortName: 'ÆØÅ👍🏽' },
      strategy: {
        title: text,
        description: text,
        goals: [{ title: text, description: text, assessments: [{ summary: text, challenges: text }] }],
      },
      initiative: {
        title: text,
        summary: text,
        description: text,
        contacts: [{ name: text, role: text }],
        links: [{ title: text }],
        deliveries: [{ title: text, description: text }],
      },
      statusUpdate: { summary: text, achievements: text, nextSteps: text, risks: text, reviewComment: text },
    });
    // Stored byte for byte, not normalised.
    const [stored] = await t.sql('SELECT title, octet_length(title) AS bytes FROM initiative WHERE id = $1', [
      initiativeId,
    ]);
    expect(stored).toEqual({ title: text, bytes: Buffer.byteLength(text, 'utf8') });
  });
});
