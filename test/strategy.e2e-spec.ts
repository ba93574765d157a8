import type { ResultOf, TypedDocumentNode, VariablesOf } from '@graphql-typed-document-node/core';
import type { CreateStrategyInput, SetGoalAssessmentInput } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import { insertGoal, insertOrganization, insertStrategy } from './support/plan-fixtures.js';
import { codes, createTestApp, fields, GraphQLResponse, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const ADMIN = { role: Role.ADMIN, sub: 'admin-kari' };
const REVIEWER = { role: Role.REVIEWER, sub: 'reviewer-ola' };
const OWNER = { role: Role.OWNER, org: '974760673', sub: 'owner-per' };
/** Signed-in reads skip the anonymous response cache, for reads repeated after a write. */
const READER = { role: Role.OWNER, sub: 'reader' };
const UNKNOWN_ID = '5b0f0b4e-1d1c-4c55-9a57-6f1f5e2a0c11';

const CREATE_STRATEGY = graphql(
  `mutation CreateStrategy($input: CreateStrategyInput!) { createStrategy(input: $input) { id slug title periodStart periodEnd description } }`,
);
const CREATE_GOAL = graphql(
  `mutation CreateGoal($input: CreateGoalInput!) { createGoal(input: $input) { id number title description strategy { id slug } } }`,
);
const UPDATE_GOAL = graphql(
  `mutation UpdateGoal($id: ID!, $input: UpdateGoalInput!) { updateGoal(id: $id, input: $input) { id number title description } }`,
);
const SET_ASSESSMENT = graphql(
  `mutation SetGoalAssessment($input: SetGoalAssessmentInput!) { setGoalAssessment(input: $input) { id year level score development summary challenges } }`,
);
const CREATE_FOCUS_AREA = graphql(
  `mutation CreateFocusArea($input: CreateFocusAreaInput!) { createFocusArea(input: $input) { id slug title description } }`,
);
const CREATE_LIFE_EVENT = graphql(
  `mutation CreateLifeEvent($input: CreateLifeEventInput!) { createLifeEvent(input: $input) { id slug title responsibleMinistry { id name } } }`,
);
const AUDIT = graphql(
  `query EntityAuditLog($type: String, $id: ID) { auditLog(entityType: $type, entityId: $id) { totalCount edges { node { actor action entityType entityId changes } } } }`,
);

let slugSeq = 0;
const freshSlug = (prefix = 'strategi') => `${prefix}-${Date.now().toString(36)}-${slugSeq++}`;

describe('the strategy model', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const countOf = async (table: string) => Number((await t.sql(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const auditCount = () => countOf('audit_event');
  const auditOf = async (type: string, id: string) => (await t.ok(AUDIT, { type, id }, ADMIN)).auditLog;

  /** Runs a mutation that must fail: checks the code and fields, and that neither the table nor the audit trail changed. */
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
    if (field) expect(fields(res)).toContain(field);
    expect([await countOf(table), await auditCount()]).toEqual([rows, events]);
    return res;
  }

  describe('createStrategy', () => {
    const input = (overrides: Partial<CreateStrategyInput> = {}): CreateStrategyInput => ({
      slug: freshSlug(),
      title: 'Én digital offentlig sektor',
      periodStart: 2019,
      periodEnd: 2025,
      ...overrides,
    });

    it('creates a strategy, readable by slug and in the list, and audits it', async () => {
      const slug = freshSlug();
      const created = (
        await t.ok(
          CREATE_STRATEGY,
          {
            input: input({
              slug,
              description: 'Digitaliseringsstrategi for offentlig sektor 2019–2025, fra regjeringen og KS.',
            }),
          },
          ADMIN,
        )
      ).createStrategy;
      expect(created).toMatchObject({ slug, title: 'Én digital offentlig sektor', periodStart: 2019, periodEnd: 2025 });
      expect(created.description).toBe(
        'Digitaliseringsstrategi for offentlig sektor 2019–2025, fra regjeringen og KS.',
      );

      const read = await t.ok(
        graphql(
          `query StrategyBySlug($slug: String!) { strategy(slug: $slug) { id title description } strategies { slug } }`,
        ),
        { slug },
      );
      expect(read.strategy).toEqual({ id: created.id, title: created.title, description: created.description });
      expect(read.strategies.map((s) => s.slug)).toContain(slug);

      const audit = await auditOf('Strategy', created.id);
      expect(audit.edges.map((e) => e.node)).toEqual([
        {
          actor: 'admin-kari',
          action: 'strategy.create',
          entityType: 'Strategy',
          entityId: created.id,
          changes: {
            before: null,
            after: expect.objectContaining({
              slug,
              title: 'Én digital offentlig sektor',
              periodStart: 2019,
              periodEnd: 2025,
            }),
          },
        },
      ]);
    });

    it('answers CONFLICT on input.slug for a slug that is taken', async () => {
      const slug = freshSlug();
      await t.ok(CREATE_STRATEGY, { input: input({ slug }) }, ADMIN);
      await refused(
        CREATE_STRATEGY,
        { input: input({ slug, title: 'Another' }) },
        'strategy',
        'CONFLICT',
        'input.slug',
      );
    });

    it.each([
      ['an upper-case slug', { slug: 'Digital-Strategi' }, 'input.slug'],
      ['a slug with a space', { slug: 'digital strategi' }, 'input.slug'],
      ['a slug with a double hyphen', { slug: 'digital--strategi' }, 'input.slug'],
      ['a slug ending in a hyphen', { slug: 'digital-' }, 'input.slug'],
      ['a slug with Norwegian letters', { slug: 'én-digital' }, 'input.slug'],
      ['an empty slug', { slug: '' }, 'input.slug'],
      ['a slug over 100 characters', { slug: 'a'.repeat(101) }, 'input.slug'],
      ['a blank title', { title: ' ' }, 'input.title'],
      ['a title over 300 characters', { title: 'x'.repeat(301) }, 'input.title'],
      ['periodEnd before periodStart', { periodStart: 2025, periodEnd: 2019 }, 'input.periodEnd'],
      ['periodStart before 1990', { periodStart: 1989 }, 'input.periodStart'],
      ['periodEnd after 2100', { periodEnd: 2101 }, 'input.periodEnd'],
    ])('refuses %s with BAD_USER_INPUT naming the field, and writes nothing', async (_label, overrides, field) => {
      await refused(CREATE_STRATEGY, { input: input(overrides) }, 'strategy', 'BAD_USER_INPUT', field);
    });

    it('accepts a one-year plan', async () => {
      const created = (await t.ok(CREATE_STRATEGY, { input: input({ periodStart: 2024, periodEnd: 2024 }) }, ADMIN))
        .createStrategy;
      expect([created.periodStart, created.periodEnd]).toEqual([2024, 2024]);
    });
  });

  describe('goals', () => {
    let strategyId: string;
    beforeAll(async () => {
      strategyId = (await insertStrategy(t, { slug: freshSlug() })).id;
    });

    it('creates goals, lists them by number, and audits the creation', async () => {
      for (const number of [3, 1, 2]) {
        await t.ok(
          CREATE_GOAL,
          { input: { strategyId, number, title: `Mål ${number}: sammenhengende tjenester` } },
          ADMIN,
        );
      }
      const data = await t.ok(
        graphql(`query StrategyGoals { strategies { id goals { number title strategy { id } } } }`),
      );
      const strategy = data.strategies.find((s) => s.id === strategyId)!;
      expect(strategy.goals.map((g) => g.number)).toEqual([1, 2, 3]);
      expect(strategy.goals[0]).toEqual({
        number: 1,
        title: 'Mål 1: sammenhengende tjenester',
        strategy: { id: strategyId },
      });

      const [goal] = await t.sql(`SELECT id FROM goal WHERE strategy_id = $1 AND number = 2`, [strategyId]);
      const audit = await auditOf('Goal', goal.id);
      expect(audit.edges[0].node).toMatchObject({
        action: 'goal.create',
        entityType: 'Goal',
        changes: { before: null, after: { number: 2, strategyId } },
      });
    });

    it('answers CONFLICT on input.number for a number taken in the strategy, but not in another strategy', async () => {
      await insertGoal(t, strategyId, 7);
      await refused(
        CREATE_GOAL,
        { input: { strategyId, number: 7, title: 'Igjen' } },
        'goal',
        'CONFLICT',
        'input.number',
      );
      const other = await insertStrategy(t, { slug: freshSlug() });
      const created = await t.ok(CREATE_GOAL, { input: { strategyId: other.id, number: 7, title: 'Mål 7' } }, ADMIN);
      expect(created.createGoal.number).toBe(7);
    });

    it.each([
      ['an unknown strategyId', { strategyId: UNKNOWN_ID }, 'NOT_FOUND', 'input.strategyId'],
      ['a malformed strategyId', { strategyId: 'strategi-1' }, 'NOT_FOUND', 'input.strategyId'],
      ['number 0', { number: 0 }, 'BAD_USER_INPUT', 'input.number'],
      ['a blank title', { title: '' }, 'BAD_USER_INPUT', 'input.title'],
    ])('refuses %s with %s naming the field, and writes nothing', async (_label, overrides, code, field) => {
      await refused(
        CREATE_GOAL,
        { input: { strategyId, number: 50, title: 'Mål', ...overrides } },
        'goal',
        code,
        field,
      );
    });

    it('updates the fields given, keeps those left out, clears description given as null, and audits each change', async () => {
      const id = (
        await t.ok(
          CREATE_GOAL,
          { input: { strategyId, number: 20, title: 'Gammel tittel', description: 'Beskrivelse' } },
          ADMIN,
        )
      ).createGoal.id;
      const first = (await t.ok(UPDATE_GOAL, { id, input: { title: 'Ny tittel på mål – æøå' } }, ADMIN)).updateGoal;
      expect(first).toEqual({ id, number: 20, title: 'Ny tittel på mål – æøå', description: 'Beskrivelse' });
      const second = (await t.ok(UPDATE_GOAL, { id, input: { description: null } }, ADMIN)).updateGoal;
      expect(second).toEqual({ id, number: 20, title: 'Ny tittel på mål – æøå', description: null });

      const audit = await auditOf('Goal', id);
      expect(audit.edges.map((e) => [e.node.action, e.node.changes])).toEqual([
        ['goal.update', { before: { description: 'Beskrivelse' }, after: { description: null } }],
        ['goal.update', { before: { title: 'Gammel tittel' }, after: { title: 'Ny tittel på mål – æøå' } }],
        ['goal.create', expect.objectContaining({ before: null })],
      ]);
      const [row] = await t.sql(`SELECT title, description, version FROM goal WHERE id = $1`, [id]);
      expect(row).toEqual({ title: 'Ny tittel på mål – æøå', description: null, version: 3 });
    });

    it('refuses a title given as null, and answers an unknown or malformed goal id with NOT_FOUND', async () => {
      const id = await insertGoal(t, strategyId, 21, 'Uendret');
      const res = await t.gql(UPDATE_GOAL, { id, input: { title: null } }, ADMIN);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['input.title']);
      for (const bad of [UNKNOWN_ID, 'x']) {
        const notFound = await t.gql(UPDATE_GOAL, { id: bad, input: { title: 'Ny' } }, ADMIN);
        expect(codes(notFound)).toEqual(['NOT_FOUND']);
        expect(fields(notFound)).toEqual(['id']);
      }
      expect((await t.sql(`SELECT title, version FROM goal WHERE id = $1`, [id]))[0]).toEqual({
        title: 'Uendret',
        version: 1,
      });
    });

    it('answers goal(id) for a goal, and null for an unknown or malformed id', async () => {
      const id = await insertGoal(t, strategyId, 22, 'Mål 22');
      expect((await t.ok(graphql(`query GoalNumber($id: ID!) { goal(id: $id) { id number } }`), { id })).goal).toEqual({
        id,
        number: 22,
      });
      for (const bad of [UNKNOWN_ID, 'not-a-uuid', "'; DROP TABLE goal; --", '']) {
        const res = await t.gql(graphql(`query GoalId($id: ID!) { goal(id: $id) { id } }`), { id: bad });
        expect(res.errors).toBeUndefined();
        expect(res.data!.goal).toBeNull();
      }
    });
  });

  describe('setGoalAssessment', () => {
    let goalId: string;
    beforeAll(async () => {
      const strategy = await insertStrategy(t, { slug: freshSlug() });
      goalId = await insertGoal(t, strategy.id, 1);
    });
    const input = (overrides: Partial<SetGoalAssessmentInput> = {}): SetGoalAssessmentInput => ({
      goalId,
      year: 2022,
      level: 'MEDIUM',
      development: 'UNCHANGED',
      summary: 'Tilliten er høy, men fallende.',
      ...overrides,
    });
    const assessments = async () =>
      (
        await t.ok(
          graphql(
            `query GoalAssessments($id: ID!) { goal(id: $id) { assessments { year level score development summary challenges } latestAssessment { year } } }`,
          ),
          { id: goalId },
          READER,
        )
      ).goal!;

    it('adds the year, lists assessments newest year first, and replaces a year given again', async () => {
      const first = (await t.ok(SET_ASSESSMENT, { input: input({ score: 2.1, challenges: 'Lite åpenhet' }) }, ADMIN))
        .setGoalAssessment;
      expect(first).toMatchObject({ year: 2022, level: 'MEDIUM', score: 2.1, challenges: 'Lite åpenhet' });
      await t.ok(
        SET_ASSESSMENT,
        { input: input({ year: 2023, level: 'LESS_GOOD', development: 'WORSENING', score: 1.5 }) },
        ADMIN,
      );
      await t.ok(
        SET_ASSESSMENT,
        { input: input({ year: 2021, level: 'GOOD', development: 'IMPROVING', score: 3 }) },
        ADMIN,
      );

      let goal = await assessments();
      expect(goal.assessments.map((a) => [a.year, a.level, a.score])).toEqual([
        [2023, 'LESS_GOOD', 1.5],
        [2022, 'MEDIUM', 2.1],
        [2021, 'GOOD', 3],
      ]);
      expect(goal.latestAssessment).toEqual({ year: 2023 });

      const replaced = (
        await t.ok(
          SET_ASSESSMENT,
          { input: input({ level: 'GOOD', development: 'IMPROVING', summary: 'Bedre enn ventet' }) },
          ADMIN,
        )
      ).setGoalAssessment;
      expect(replaced).toMatchObject({
        id: first.id,
        year: 2022,
        level: 'GOOD',
        score: null,
        challenges: null,
        summary: 'Bedre enn ventet',
      });
      goal = await assessments();
      expect(goal.assessments).toHaveLength(3);
      expect(await t.sql(`SELECT level, score, version FROM goal_assessment WHERE id = $1`, [first.id])).toEqual([
        { level: 'GOOD', score: null, version: 2 },
      ]);

      const audit = await auditOf('GoalAssessment', first.id);
      expect(audit.edges.map((e) => e.node.action)).toEqual(['goalAssessment.set', 'goalAssessment.set']);
      expect(audit.edges[0].node.changes).toEqual({
        before: {
          level: 'MEDIUM',
          score: 2.1,
          development: 'UNCHANGED',
          summary: 'Tilliten er høy, men fallende.',
          challenges: 'Lite åpenhet',
        },
        after: { level: 'GOOD', score: null, development: 'IMPROVING', summary: 'Bedre enn ventet', challenges: null },
      });
    });

    it('serialises assessments of one year set at the same time: each one succeeds and one row remains', async () => {
      const results = await Promise.all(
        (['GOOD', 'MEDIUM', 'LESS_GOOD'] as const).map((level) =>
          t.gql(SET_ASSESSMENT, { input: input({ year: 2019, level }) }, ADMIN),
        ),
      );
      expect(results.flatMap(codes)).toEqual([]);
      const rows = await t.sql(`SELECT level, version FROM goal_assessment WHERE goal_id = $1 AND year = 2019`, [
        goalId,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].version).toBe(3);
    });

    it.each([
      ['a score below 1.00', { score: 0.99 }, 'BAD_USER_INPUT', 'input.score'],
      ['a score above 3.00', { score: 3.01 }, 'BAD_USER_INPUT', 'input.score'],
      ['a score with three decimals', { score: 2.125 }, 'BAD_USER_INPUT', 'input.score'],
      ['a year before 1990', { year: 1989 }, 'BAD_USER_INPUT', 'input.year'],
      ['a year after 2100', { year: 2101 }, 'BAD_USER_INPUT', 'input.year'],
      ['a blank summary', { summary: '  ' }, 'BAD_USER_INPUT', 'input.summary'],
      ['an unknown goalId', { goalId: UNKNOWN_ID }, 'NOT_FOUND', 'input.goalId'],
      ['a malformed goalId', { goalId: '1' }, 'NOT_FOUND', 'input.goalId'],
    ])('refuses %s, and writes nothing', async (_label, overrides, code, field) => {
      await refused(SET_ASSESSMENT, { input: input({ year: 2030, ...overrides }) }, 'goal_assessment', code, field);
    });
  });

  describe('focus areas and life events', () => {
    let strategyId: string;
    let ministryId: string;
    beforeAll(async () => {
      strategyId = (await insertStrategy(t, { slug: freshSlug() })).id;
      ministryId = (await insertOrganization(t, { name: 'Helse- og omsorgsdepartementet', kind: 'MINISTRY' })).id;
    });

    it('creates focus areas and life events that the strategy lists, and audits them', async () => {
      const area = (
        await t.ok(
          CREATE_FOCUS_AREA,
          { input: { strategyId, slug: 'deling-av-data', title: 'Økt deling av data og verdiskapning' } },
          ADMIN,
        )
      ).createFocusArea;
      expect(area).toMatchObject({
        slug: 'deling-av-data',
        title: 'Økt deling av data og verdiskapning',
        description: null,
      });
      const event = (
        await t.ok(
          CREATE_LIFE_EVENT,
          {
            input: {
              strategyId,
              slug: 'alvorlig-sykt-barn',
              title: 'Alvorlig sykt barn',
              responsibleMinistryId: ministryId,
            },
          },
          ADMIN,
        )
      ).createLifeEvent;
      expect(event).toMatchObject({
        slug: 'alvorlig-sykt-barn',
        responsibleMinistry: { id: ministryId, name: 'Helse- og omsorgsdepartementet' },
      });
      const without = (
        await t.ok(
          CREATE_LIFE_EVENT,
          { input: { strategyId, slug: 'dodsfall-og-arv', title: 'Dødsfall og arv' } },
          ADMIN,
        )
      ).createLifeEvent;
      expect(without.responsibleMinistry).toBeNull();

      const data = await t.ok(
        graphql(
          `query StrategyFocusAreasAndLifeEvents { strategies { id focusAreas { id slug } lifeEvents { slug title responsibleMinistry { id } } } }`,
        ),
      );
      const strategy = data.strategies.find((s) => s.id === strategyId)!;
      expect(strategy.focusAreas).toEqual([{ id: area.id, slug: 'deling-av-data' }]);
      expect(strategy.lifeEvents).toEqual([
        { slug: 'alvorlig-sykt-barn', title: 'Alvorlig sykt barn', responsibleMinistry: { id: ministryId } },
        { slug: 'dodsfall-og-arv', title: 'Dødsfall og arv', responsibleMinistry: null },
      ]);

      expect((await auditOf('FocusArea', area.id)).edges[0].node).toMatchObject({
        action: 'focusArea.create',
        entityType: 'FocusArea',
        actor: 'admin-kari',
      });
      expect((await auditOf('LifeEvent', event.id)).edges[0].node).toMatchObject({
        action: 'lifeEvent.create',
        entityType: 'LifeEvent',
        changes: { before: null, after: { slug: 'alvorlig-sykt-barn', responsibleMinistryId: ministryId } },
      });
    });

    it('answers CONFLICT on input.slug for a slug taken within the strategy, and allows it in another', async () => {
      await t.ok(
        CREATE_FOCUS_AREA,
        { input: { strategyId, slug: 'felles-okosystem', title: 'Felles økosystem' } },
        ADMIN,
      );
      await refused(
        CREATE_FOCUS_AREA,
        { input: { strategyId, slug: 'felles-okosystem', title: 'Igjen' } },
        'focus_area',
        'CONFLICT',
        'input.slug',
      );
      await t.ok(CREATE_LIFE_EVENT, { input: { strategyId, slug: 'ny-i-norge', title: 'Ny i Norge' } }, ADMIN);
      await refused(
        CREATE_LIFE_EVENT,
        { input: { strategyId, slug: 'ny-i-norge', title: 'Igjen' } },
        'life_event',
        'CONFLICT',
        'input.slug',
      );
      const other = await insertStrategy(t, { slug: freshSlug() });
      await t.ok(
        CREATE_FOCUS_AREA,
        { input: { strategyId: other.id, slug: 'felles-okosystem', title: 'Felles økosystem' } },
        ADMIN,
      );
    });

    it.each([
      [
        'focus area, unknown strategyId',
        CREATE_FOCUS_AREA,
        'focus_area',
        { strategyId: UNKNOWN_ID },
        'NOT_FOUND',
        'input.strategyId',
      ],
      [
        'focus area, malformed strategyId',
        CREATE_FOCUS_AREA,
        'focus_area',
        { strategyId: 'abc' },
        'NOT_FOUND',
        'input.strategyId',
      ],
      [
        'focus area, bad slug',
        CREATE_FOCUS_AREA,
        'focus_area',
        { slug: 'Deling av data' },
        'BAD_USER_INPUT',
        'input.slug',
      ],
      [
        'life event, unknown strategyId',
        CREATE_LIFE_EVENT,
        'life_event',
        { strategyId: UNKNOWN_ID },
        'NOT_FOUND',
        'input.strategyId',
      ],
      [
        'life event, unknown ministry',
        CREATE_LIFE_EVENT,
        'life_event',
        { responsibleMinistryId: UNKNOWN_ID },
        'NOT_FOUND',
        'input.responsibleMinistryId',
      ],
      [
        'life event, malformed ministry',
        CREATE_LIFE_EVENT,
        'life_event',
        { responsibleMinistryId: 'kdd' },
        'NOT_FOUND',
        'input.responsibleMinistryId',
      ],
      ['life event, bad slug', CREATE_LIFE_EVENT, 'life_event', { slug: '-fa-barn' }, 'BAD_USER_INPUT', 'input.slug'],
      ['life event, blank title', CREATE_LIFE_EVENT, 'life_event', { title: '' }, 'BAD_USER_INPUT', 'input.title'],
    ])('refuses %s, and writes nothing', async (_label, query, table, overrides, code, field) => {
      await refused(
        query,
        { input: { strategyId, slug: 'fa-barn', title: 'Få barn', ...overrides } },
        table,
        code,
        field,
      );
    });
  });

  describe('ids written in upper case', () => {
    it('name the same records: the answer shows them and the audit trail files the event under the stored id', async () => {
      const strategyId = (await insertStrategy(t, { slug: freshSlug() })).id;
      const ministryId = (await insertOrganization(t, { kind: 'MINISTRY' })).id;
      const goal = (
        await t.ok(CREATE_GOAL, { input: { strategyId: strategyId.toUpperCase(), number: 1, title: 'Mål 1' } }, ADMIN)
      ).createGoal;
      expect(goal.strategy.id).toBe(strategyId);

      const indicator = (
        await t.ok(
          graphql(
            `mutation CreateIndicatorOfGoal($input: CreateIndicatorInput!) { createIndicator(input: $input) { id goal { id } } }`,
          ),
          {
            input: {
              goalId: goal.id.toUpperCase(),
              name: 'Andel',
              unit: 'PERCENT',
              betterWhen: 'HIGHER',
              source: 'SSB',
            },
          },
          ADMIN,
        )
      ).createIndicator;
      expect(indicator.goal.id).toBe(goal.id);

      const event = (
        await t.ok(
          CREATE_LIFE_EVENT,
          {
            input: {
              strategyId: strategyId.toUpperCase(),
              slug: 'dodsfall-og-arv',
              title: 'Dødsfall og arv',
              responsibleMinistryId: ministryId.toUpperCase(),
            },
          },
          ADMIN,
        )
      ).createLifeEvent;
      expect(event.responsibleMinistry!.id).toBe(ministryId);
      await t.ok(
        CREATE_FOCUS_AREA,
        { input: { strategyId: strategyId.toUpperCase(), slug: 'felles-losninger', title: 'Felles løsninger' } },
        ADMIN,
      );
      await t.ok(
        SET_ASSESSMENT,
        {
          input: { goalId: goal.id.toUpperCase(), year: 2023, level: 'GOOD', development: 'IMPROVING', summary: 'Bra' },
        },
        ADMIN,
      );
      await t.ok(UPDATE_GOAL, { id: goal.id.toUpperCase(), input: { title: 'Mål 1: endret' } }, ADMIN);

      const rows = await t.sql(
        `SELECT entity_type, action, changes->'after'->>'strategyId' AS strategy_id, changes->'after'->>'goalId' AS goal_id,
                changes->'after'->>'responsibleMinistryId' AS ministry_id
         FROM audit_event WHERE entity_id = $1 OR changes->'after'->>'strategyId' = $2 OR changes->'after'->>'goalId' = $1
         ORDER BY id`,
        [goal.id, strategyId],
      );
      expect(rows).toEqual([
        { entity_type: 'Goal', action: 'goal.create', strategy_id: strategyId, goal_id: null, ministry_id: null },
        {
          entity_type: 'Indicator',
          action: 'indicator.create',
          strategy_id: null,
          goal_id: goal.id,
          ministry_id: null,
        },
        {
          entity_type: 'LifeEvent',
          action: 'lifeEvent.create',
          strategy_id: strategyId,
          goal_id: null,
          ministry_id: ministryId,
        },
        {
          entity_type: 'FocusArea',
          action: 'focusArea.create',
          strategy_id: strategyId,
          goal_id: null,
          ministry_id: null,
        },
        {
          entity_type: 'GoalAssessment',
          action: 'goalAssessment.set',
          strategy_id: null,
          goal_id: goal.id,
          ministry_id: null,
        },
        { entity_type: 'Goal', action: 'goal.update', strategy_id: null, goal_id: null, ministry_id: null },
      ]);
    });
  });

  describe('who may write', () => {
    let strategyId: string;
    let goalId: string;
    beforeAll(async () => {
      strategyId = (await insertStrategy(t, { slug: freshSlug() })).id;
      goalId = await insertGoal(t, strategyId, 1, 'Uendret');
    });

    /** Each mutation answers `{ [name]: { id } }`: a row checks its variables against its document, the table mixes them by that shape. */
    type Write = TypedDocumentNode<Record<string, { id: string } | null>, Record<string, unknown>>;
    const row = <O extends TypedDocumentNode<any, any>>(
      name: string,
      query: O,
      variables: VariablesOf<O>,
      table: string,
    ) => [name, query as unknown as Write, variables as Record<string, unknown>, table] as const;
    const mutations = () => [
      row(
        'createStrategy',
        CREATE_STRATEGY,
        { input: { slug: freshSlug(), title: 'T', periodStart: 2020, periodEnd: 2021 } },
        'strategy',
      ),
      row('createGoal', CREATE_GOAL, { input: { strategyId, number: 9, title: 'T' } }, 'goal'),
      row('updateGoal', UPDATE_GOAL, { id: goalId, input: { title: 'Endret' } }, 'goal'),
      row(
        'setGoalAssessment',
        SET_ASSESSMENT,
        { input: { goalId, year: 2022, level: 'GOOD', development: 'IMPROVING', summary: 'S' } },
        'goal_assessment',
      ),
      row('createFocusArea', CREATE_FOCUS_AREA, { input: { strategyId, slug: 'omrade', title: 'T' } }, 'focus_area'),
      row('createLifeEvent', CREATE_LIFE_EVENT, { input: { strategyId, slug: 'hendelse', title: 'T' } }, 'life_event'),
    ];

    it.each([
      ['anonymous', null, 'UNAUTHENTICATED'],
      ['an owner', OWNER, 'FORBIDDEN'],
      ['a reviewer', REVIEWER, 'FORBIDDEN'],
    ])('refuses %s every mutation, and nothing is written', async (_label, token, code) => {
      for (const [name, query, variables, table] of mutations()) {
        const res = await refused(query, variables, table, code, undefined, token);
        expect([name, res.data?.[name] ?? null]).toEqual([name, null]);
      }
      expect((await t.sql(`SELECT title, version FROM goal WHERE id = $1`, [goalId]))[0]).toEqual({
        title: 'Uendret',
        version: 1,
      });
    });

    it('lets an admin do each of them', async () => {
      for (const [name, query, variables] of mutations()) {
        const data = await t.ok(query, variables, ADMIN);
        expect(data[name]!.id).toBeTruthy();
      }
    });
  });

  describe('reads that fan out', () => {
    const FAN_OUT =
      graphql(`query PlanFanOut { strategies { slug goals { number latestAssessment { year } indicators { name latest { year } values { year value } trend { change direction assessment } goal { number } }
      assessments { year level } strategy { slug } } focusAreas { slug } lifeEvents { slug responsibleMinistry { name parent { name } } } } }`);

    async function addStrategy(t: TestApp, goals: number, indicatorsPerGoal: number, years: number) {
      const strategy = await insertStrategy(t, { slug: freshSlug('fan') });
      const ministry = await insertOrganization(t, { kind: 'MINISTRY' });
      const agency = await insertOrganization(t, { parentId: ministry.id });
      await t.sql(`INSERT INTO focus_area (strategy_id, slug, title) VALUES ($1, 'a', 'A'), ($1, 'b', 'B')`, [
        strategy.id,
      ]);
      await t.sql(
        `INSERT INTO life_event (strategy_id, slug, title, responsible_ministry_id) VALUES ($1, 'a', 'A', $2), ($1, 'b', 'B', $3)`,
        [strategy.id, ministry.id, agency.id],
      );
      for (let g = 1; g <= goals; g++) {
        const goalId = await insertGoal(t, strategy.id, g);
        for (let y = 0; y < years; y++) {
          await t.sql(
            `INSERT INTO goal_assessment (goal_id, year, level, development, summary) VALUES ($1, $2, 'GOOD', 'UNCHANGED', 'S')`,
            [goalId, 2015 + y],
          );
        }
        for (let i = 0; i < indicatorsPerGoal; i++) {
          const [indicator] = await t.sql(
            `INSERT INTO indicator (goal_id, name, unit, better_when, source) VALUES ($1, $2, 'PERCENT', 'HIGHER', 'IT i praksis') RETURNING id`,
            [goalId, `N${g}.${i}`],
          );
          for (let y = 0; y < years; y++) {
            await t.sql(`INSERT INTO indicator_value (indicator_id, year, value) VALUES ($1, $2, $3)`, [
              indicator.id,
              2015 + y,
              10 + y * i,
            ]);
          }
        }
      }
    }

    it('runs the same number of SQL statements for a small and a larger plan', async () => {
      const fresh = await createTestApp();
      try {
        const statements = async () => {
          const res = await fresh.gql(FAN_OUT, {}, READER);
          expect(res.errors).toBeUndefined();
          return {
            count: Number(res.headers.get('x-sql-statements')),
            goals: res.data!.strategies.flatMap((s) => s.goals).length,
          };
        };
        await addStrategy(fresh, 1, 1, 2);
        const small = await statements();
        await addStrategy(fresh, 6, 3, 4);
        await addStrategy(fresh, 4, 2, 3);
        const large = await statements();
        expect(small.goals).toBe(1);
        expect(large.goals).toBe(11);
        expect(small.count).toBeGreaterThan(0);
        expect(large.count).toBe(small.count);
        // strategies, goals, indicators, values, assessments, goal→strategy, indicator→goal, focus areas,
        // life events, ministries, their parents: one statement each at most
        expect(large.count).toBeLessThanOrEqual(11);
      } finally {
        await fresh.close();
      }
    });
  });
});

describe('the demo data set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  const DEMO = graphql(`query DemoPlan {
    strategies { slug title periodStart periodEnd
      goals { number title
        indicators { name unit betterWhen rankOutOf source values { year value } latest { year value } trend { change direction assessment current { year } previous { year } } }
        assessments { year level development } latestAssessment { year level } }
      focusAreas { slug title }
      lifeEvents { slug title responsibleMinistry { orgNumber shortName kind } } }
    organizations { orgNumber name shortName kind parent { orgNumber } } }`);

  it('loads the organisations, the strategy, goals, key figures, assessments, focus areas and life events', async () => {
    const data = await t.ok(DEMO);
    expect(data.organizations).toHaveLength(17);
    expect(data.strategies).toHaveLength(1);
    const [strategy] = data.strategies;
    expect(strategy).toMatchObject({
      slug: 'en-digital-offentlig-sektor',
      title: 'Én digital offentlig sektor',
      periodStart: 2019,
      periodEnd: 2025,
    });
    expect(strategy.goals.map((g) => g.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(strategy.goals.flatMap((g) => g.indicators)).toHaveLength(12);
    expect(strategy.goals.flatMap((g) => g.assessments)).toHaveLength(9);
    expect(strategy.focusAreas).toHaveLength(5);
    expect(strategy.lifeEvents).toHaveLength(7);
    expect(await t.sql(`SELECT count(*)::int AS n FROM indicator_value`)).toEqual([{ n: 26 }]);

    const byNumber = new Map(data.organizations.map((o) => [o.orgNumber, o]));
    expect(byNumber.get('991825827')).toMatchObject({
      name: 'Digitaliseringsdirektoratet',
      shortName: 'Digdir',
      kind: 'AGENCY',
      parent: { orgNumber: '972417858' },
    });
    expect(byNumber.get('986252932')).toMatchObject({ shortName: 'DFØ', parent: null });
    expect(byNumber.get('971032146')).toMatchObject({ kind: 'ASSOCIATION', parent: null });

    const goal1 = strategy.goals[0];
    expect(goal1.indicators.map((i) => i.unit)).toEqual(['PERCENT', 'PERCENT', 'RANK']);
    expect(goal1.assessments.map((a) => [a.year, a.level, a.development])).toEqual([
      [2023, 'MEDIUM', 'WORSENING'],
      [2022, 'MEDIUM', 'UNCHANGED'],
    ]);
    expect(goal1.latestAssessment).toEqual({ year: 2023, level: 'MEDIUM' });
    expect(strategy.goals[2].latestAssessment).toEqual({ year: 2022, level: 'GOOD' });

    const fewer = strategy.lifeEvents.find((e) => e.slug === 'alvorlig-sykt-barn');
    expect(fewer).toEqual({
      slug: 'alvorlig-sykt-barn',
      title: 'Alvorlig sykt barn',
      responsibleMinistry: { orgNumber: '983887457', shortName: 'HOD', kind: 'MINISTRY' },
    });
    expect(strategy.lifeEvents.find((e) => e.slug === 'dodsfall-og-arv')!.title).toBe('Dødsfall og arv');
    expect(strategy.focusAreas.map((f) => f.slug)).toEqual([
      'sammenhengende-tjenester',
      'deling-av-data',
      'felles-okosystem',
      'digital-kompetanse',
      'digitaliseringsvennlig-regelverk',
    ]);
  });

  it("gives the published verdicts of DESIGN.md's table for the demo's key figures", async () => {
    const data = await t.ok(DEMO);
    const indicators = data.strategies[0].goals.flatMap((g) => g.indicators);
    const verdict = (start: string) => {
      const found = indicators.filter((i) => i.name.startsWith(start));
      expect(found).toHaveLength(1);
      const trend = found[0].trend!;
      return [trend.previous.year, trend.current.year, trend.change, trend.assessment, trend.direction];
    };
    expect(verdict('Andel innbyggere som har noen eller høy grad av tillit')).toEqual([
      2020,
      2021,
      -3,
      'NEGATIVE',
      'FALLING',
    ]);
    expect(verdict('Andel innbyggere som er misfornøyde')).toEqual([2019, 2021, 4, 'NEGATIVE', 'RISING']);
    expect(verdict('Norges rangering på åpenhet og transparens')).toEqual([2020, 2021, 2, 'NEGATIVE', 'FALLING']);
    expect(verdict('Andel brukere som mener det er lett å skape sammenheng og overblikk')).toEqual([
      2020,
      2021,
      -1,
      'NEGATIVE',
      'FALLING',
    ]);
    expect(verdict('Norges rangering på digital tilgjengelighet')).toEqual([2020, 2021, -3, 'POSITIVE', 'RISING']);

    const ranks = indicators.filter((i) => i.unit === 'RANK');
    expect(ranks.map((i) => [i.betterWhen, i.rankOutOf])).toEqual([
      ['LOWER', 36],
      ['LOWER', 36],
      ['LOWER', 34],
    ]);
    const single = indicators.find((i) => i.name.startsWith('Andel virksomheter som sier at hoveddelen'));
    expect(single).toMatchObject({ values: [{ year: 2021, value: 7 }], latest: { year: 2021, value: 7 }, trend: null });
  });

  it('records every write of the demo in the audit trail', async () => {
    const rows = await t.sql(
      `SELECT action, count(*)::int AS n FROM audit_event WHERE action NOT LIKE 'initiative.%' AND action NOT LIKE 'statusUpdate.%' AND action NOT LIKE 'delivery.%' AND action NOT LIKE 'reportingRound.%' GROUP BY action ORDER BY action`,
    );
    expect(rows).toEqual([
      { action: 'focusArea.create', n: 5 },
      { action: 'goal.create', n: 6 },
      { action: 'goalAssessment.set', n: 9 },
      { action: 'indicator.create', n: 12 },
      { action: 'indicator.recordValue', n: 26 },
      { action: 'lifeEvent.create', n: 7 },
      { action: 'organization.create', n: 17 },
      { action: 'strategy.create', n: 1 },
    ]);
  });
});
