import type {
  DeliveryStatus,
  InitiativeFilter,
  InitiativeLifecycle,
  InitiativeOrder,
  InitiativesPageQuery,
  InitiativesOfGoalPageQuery,
  InitiativesPageQueryVariables,
} from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';
import {
  insertFocusArea,
  insertGoal,
  insertInitiative,
  insertLifeEvent,
  insertOrganization,
  insertStrategy,
} from './support/plan-fixtures.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const LIST =
  graphql(`query InitiativesPage($filter: InitiativeFilter, $orderBy: InitiativeOrder, $first: Int, $after: String) {
  initiatives(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id code title updatedAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`);

const WORDS = ['Zebra', 'Æble', 'Øvelse', 'Åpning', 'alfa', 'Beta', 'øl', 'ål', 'æra', 'zulu'];
const LIFECYCLES: InitiativeLifecycle[] = ['PLANNED', 'ACTIVE', 'COMPLETED', 'DISCONTINUED'];
const STATUSES: (DeliveryStatus | null)[] = [null, 'ON_TRACK', 'MINOR_DELAYS', 'MAJOR_DELAYS', 'COMPLETED'];

interface Made {
  id: string;
  i: number;
  code: string;
  title: string;
  goalIds: string[];
  focusAreaId: string | null;
  lifeEventIds: string[];
  agencyId: string;
  lifecycle: InitiativeLifecycle;
  status: DeliveryStatus | null;
  updatedAt: string;
}

const nb = new Intl.Collator('nb');
const codeParts = (code: string) => code.split('.').map(Number);
const byCode = (a: { code: string }, b: { code: string }) => {
  const [x, y] = [codeParts(a.code), codeParts(b.code)];
  return x[0] - y[0] || x[1] - y[1];
};

describe('initiatives listing', () => {
  let t: TestApp;
  let made: Made[];
  let goals: string[];
  let focusAreas: string[];
  let lifeEvents: string[];
  let agencies: { id: string; orgNumber: string }[];
  let partner: { id: string };
  let ministry: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    const a = await insertStrategy(t, { slug: 'plan-a' });
    goals = [];
    for (let n = 1; n <= 4; n++) goals.push(await insertGoal(t, a.id, n));
    focusAreas = [await insertFocusArea(t, a.id, 'fa-1'), await insertFocusArea(t, a.id, 'fa-2')];
    lifeEvents = [await insertLifeEvent(t, a.id, 'le-1'), await insertLifeEvent(t, a.id, 'le-2')];
    agencies = [await insertOrganization(t), await insertOrganization(t), await insertOrganization(t)];
    partner = await insertOrganization(t);
    ministry = await insertOrganization(t, { kind: 'MINISTRY' });
    made = [];
    for (let i = 0; i < 120; i++) {
      const goalIds = i % 5 === 0 ? [goals[i % 4], goals[(i + 1) % 4]] : [goals[i % 4]];
      const focusAreaId = i % 3 === 0 ? focusAreas[0] : i % 3 === 1 ? focusAreas[1] : null;
      const lifeEventIds = i % 2 === 0 ? [lifeEvents[0]] : i % 6 === 1 ? [lifeEvents[1], lifeEvents[0]] : [];
      const row = {
        i,
        code: `${(i % 4) + 1}.${Math.floor(i / 4) + 1}`,
        title: `${WORDS[i % 10]} ${i % 7}`,
        goalIds,
        focusAreaId,
        lifeEventIds,
        agencyId: agencies[i % 3].id,
        lifecycle: LIFECYCLES[Math.floor(i / 3) % 4],
        status: STATUSES[i % 5],
        // Equal instants for i and i + 50: the order must break the tie by id.
        updatedAt: new Date(Date.UTC(2024, 5, 1, 12, 0, 0) + ((i * 7) % 50) * 60_000 + 123)
          .toISOString()
          .replace('Z', '456Z'),
      };
      const id = await insertInitiative(t, {
        strategyId: a.id,
        code: row.code,
        title: row.title,
        summary: i === 17 ? 'Vi bygger tjenester for innbyggere' : `Sammendrag for ${row.code}`,
        description: i === 18 ? 'Tjenestene skal henge sammen' : i === 19 ? 'En ny tjeneste' : null,
        goalIds,
        focusAreaId,
        lifeEventIds,
        executingAgencyId: row.agencyId,
        responsibleMinistryId: i % 2 ? ministry.id : null,
        partnerIds: i % 4 === 0 ? [partner.id, agencies[(i + 1) % 3].id] : [],
        lifecycle: row.lifecycle,
      });
      await t.sql(`UPDATE initiative SET current_status = $2, updated_at = $3 WHERE id = $1`, [
        id,
        row.status,
        row.updatedAt,
      ]);
      await t.sql(
        `INSERT INTO delivery (initiative_id, title, due_date) VALUES ($1, 'Leveranse A', '2030-01-01'), ($1, 'Leveranse B', NULL)`,
        [id],
      );
      made.push({ ...row, id });
    }
    // Another strategy with the same codes: filters by strategy must keep it out.
    const b = await insertStrategy(t, { slug: 'plan-b' });
    const bGoal = await insertGoal(t, b.id, 1);
    for (let i = 1; i <= 10; i++) {
      await insertInitiative(t, {
        strategyId: b.id,
        code: `1.${i}`,
        title: `Annen strategi ${i}`,
        goalIds: [bGoal],
        executingAgencyId: agencies[0].id,
      });
    }
  });
  afterAll(() => t.close());

  /** Every page of a listing, following endCursor; fails on a repeated id. */
  async function walk(
    variables: Omit<InitiativesPageQueryVariables, 'first' | 'after'>,
    pageSize: number,
    between?: (page: number) => Promise<void>,
  ) {
    const nodes: { id: string; code: string; title: string; updatedAt: string }[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const { initiatives }: InitiativesPageQuery = await t.ok(LIST, { ...variables, first: pageSize, after });
      totals.add(initiatives.totalCount);
      expect(initiatives.edges.length).toBeLessThanOrEqual(pageSize);
      expect(initiatives.pageInfo.hasPreviousPage).toBe(page > 0);
      nodes.push(...initiatives.edges.map((e) => e.node));
      if (!initiatives.pageInfo.hasNextPage) break;
      expect(initiatives.pageInfo.endCursor).toBe(initiatives.edges[initiatives.edges.length - 1].cursor);
      after = initiatives.pageInfo.endCursor;
      if (between) await between(page);
    }
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    return { nodes, totals };
  }

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

  describe('walking every page (120 initiatives, 7 per page)', () => {
    it('CODE: natural order, nothing missed, nothing twice', async () => {
      const { nodes, totals } = await walk({ filter: { strategy: 'plan-a' }, orderBy: 'CODE' }, 7);
      expect([...totals]).toEqual([120]);
      expect(ids(nodes)).toEqual(ids([...made].sort(byCode)));
      const codes = nodes.map((n) => n.code);
      expect(codes.slice(0, 11)).toEqual([
        '1.1',
        '1.2',
        '1.3',
        '1.4',
        '1.5',
        '1.6',
        '1.7',
        '1.8',
        '1.9',
        '1.10',
        '1.11',
      ]);
      expect(codes.indexOf('1.10')).toBeLessThan(codes.indexOf('2.1'));
      expect(codes.indexOf('1.30')).toBe(codes.indexOf('2.1') - 1);
    });

    it('TITLE: Norwegian order (Z before Æ before Ø before Å), ties broken by id', async () => {
      const { nodes } = await walk({ filter: { strategy: 'plan-a' }, orderBy: 'TITLE' }, 7);
      const expected = [...made].sort((a, b) => nb.compare(a.title, b.title) || (a.id < b.id ? -1 : 1));
      expect(ids(nodes)).toEqual(ids(expected));
      const first = (word: string) => nodes.findIndex((n) => n.title.startsWith(word));
      expect(first('zulu')).toBeLessThan(first('Æble'));
      expect(first('æra')).toBeLessThan(first('øl'));
      expect(first('Øvelse')).toBeLessThan(first('ål'));
      expect(first('Åpning')).toBeGreaterThan(first('ål'));
      expect(nodes[nodes.length - 1].title).toMatch(/^Åpning/);
      expect(nodes[0].title).toMatch(/^alfa/);
    });

    it('UPDATED_AT: newest first, equal instants broken by id', async () => {
      const { nodes } = await walk({ filter: { strategy: 'plan-a' }, orderBy: 'UPDATED_AT' }, 7);
      const expected = [...made].sort((a, b) =>
        a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? 1 : -1,
      );
      expect(ids(nodes)).toEqual(ids(expected));
    });

    it.each(['CODE', 'TITLE', 'UPDATED_AT'] satisfies InitiativeOrder[])(
      '%s with a narrower filter: exactly the matching ones',
      async (orderBy) => {
        const filter: InitiativeFilter = {
          strategy: 'plan-a',
          lifecycle: ['ACTIVE', 'PLANNED'],
          lifeEventId: lifeEvents[0],
        };
        const { nodes, totals } = await walk({ filter, orderBy }, 7);
        const expected = made.filter(
          (m) => ['ACTIVE', 'PLANNED'].includes(m.lifecycle) && m.lifeEventIds.includes(lifeEvents[0]),
        );
        expect(expected.length).toBeGreaterThan(14);
        expect([...totals]).toEqual([expected.length]);
        expect(new Set(ids(nodes))).toEqual(new Set(ids(expected)));
      },
    );

    it('page sizes of 1 and 200 walk the same list', async () => {
      const one = await walk({ filter: { strategy: 'plan-a', organizationId: agencies[1].id }, orderBy: 'TITLE' }, 1);
      const all = await walk({ filter: { strategy: 'plan-a', organizationId: agencies[1].id }, orderBy: 'TITLE' }, 200);
      expect(ids(one.nodes)).toEqual(ids(all.nodes));
      expect(one.nodes).toHaveLength(40);
    });
  });

  describe('filters and totalCount', () => {
    const count = async (filter: InitiativeFilter) => {
      const { initiatives } = await t.ok(LIST, { filter, first: 200 });
      expect(initiatives.edges).toHaveLength(Math.min(200, initiatives.totalCount));
      return new Set<string>(initiatives.edges.map((e) => e.node.id));
    };
    const expectSet = (rows: Made[]) => new Set(ids(rows));

    it('no filter: every strategy', async () => {
      const { initiatives } = await t.ok(LIST, {});
      expect(initiatives.totalCount).toBe(130);
      expect(initiatives.edges).toHaveLength(50);
    });

    it('strategy', async () => {
      expect((await count({ strategy: 'plan-b' })).size).toBe(10);
      expect((await count({ strategy: 'ukjent' })).size).toBe(0);
    });

    it('goalId (an initiative with two goals is found under both)', async () => {
      expect(await count({ goalId: goals[1] })).toEqual(expectSet(made.filter((m) => m.goalIds.includes(goals[1]))));
    });

    it('focusAreaId', async () => {
      expect(await count({ focusAreaId: focusAreas[1] })).toEqual(
        expectSet(made.filter((m) => m.focusAreaId === focusAreas[1])),
      );
    });

    it('lifeEventId', async () => {
      expect(await count({ lifeEventId: lifeEvents[1] })).toEqual(
        expectSet(made.filter((m) => m.lifeEventIds.includes(lifeEvents[1]))),
      );
    });

    it('organizationId matches the executing agency, not partners', async () => {
      expect(await count({ organizationId: agencies[2].id })).toEqual(
        expectSet(made.filter((m) => m.agencyId === agencies[2].id)),
      );
      expect((await count({ organizationId: partner.id })).size).toBe(0);
    });

    it('lifecycle and status lists', async () => {
      expect(await count({ lifecycle: ['COMPLETED', 'DISCONTINUED'] })).toEqual(
        expectSet(made.filter((m) => ['COMPLETED', 'DISCONTINUED'].includes(m.lifecycle))),
      );
      expect(await count({ status: ['MINOR_DELAYS', 'MAJOR_DELAYS'] })).toEqual(
        expectSet(made.filter((m) => m.status === 'MINOR_DELAYS' || m.status === 'MAJOR_DELAYS')),
      );
      expect((await count({ strategy: 'plan-a', lifecycle: [] })).size).toBe(120);
    });

    it('all filters together', async () => {
      const filter: InitiativeFilter = {
        strategy: 'plan-a',
        goalId: goals[0],
        focusAreaId: focusAreas[0],
        organizationId: agencies[0].id,
        status: ['ON_TRACK', 'COMPLETED'],
        lifecycle: LIFECYCLES,
      };
      const expected = made.filter(
        (m) =>
          m.goalIds.includes(goals[0]) &&
          m.focusAreaId === focusAreas[0] &&
          m.agencyId === agencies[0].id &&
          ['ON_TRACK', 'COMPLETED'].includes(m.status ?? ''),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(await count(filter)).toEqual(expectSet(expected));
    });

    it('unknown and malformed ids match nothing, without an error', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id', "'; DROP TABLE initiative; --", '']) {
        for (const key of ['goalId', 'focusAreaId', 'lifeEventId', 'organizationId'] as const) {
          const res = await t.gql(LIST, { filter: { [key]: id } });
          expect(res.errors).toBeUndefined();
          expect(res.data!.initiatives).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
        }
      }
    });
  });

  describe('search', () => {
    const search = async (text: string, filter: InitiativeFilter = {}) => {
      const res = await t.gql(LIST, { filter: { ...filter, search: text }, first: 200 });
      expect(res.errors).toBeUndefined();
      return res.data!.initiatives.edges.map((e) => e.node.code).sort();
    };
    const stemmed = () => [made[17], made[18], made[19]].map((m) => m.code).sort();

    it.each(['tjeneste', 'tjenester', 'tjenestene', 'Tjenesten', 'TJENESTER'])(
      '"%s" finds tjeneste, tjenester and tjenestene',
      async (word) => {
        expect(await search(word)).toEqual(stemmed());
      },
    );

    it('searches code, title and summary; words must all match; totalCount counts the matches', async () => {
      expect(await search('1.10', { strategy: 'plan-a' })).toEqual(['1.10']);
      expect(await search('1.10')).toEqual(['1.10', '1.10']);
      expect(await search('Øvelse', { strategy: 'plan-a' })).toEqual(
        made
          .filter((m) => m.title.startsWith('Øvelse'))
          .map((m) => m.code)
          .sort(),
      );
      expect(await search('innbyggere tjenester')).toEqual([made[17].code]);
      expect(await search('innbyggere -tjenester')).toEqual([]);
      const { initiatives } = await t.ok(LIST, { filter: { search: 'tjenester' }, first: 1 });
      expect(initiatives.totalCount).toBe(3);
    });

    it('blank searches nothing out', async () => {
      expect((await search('', { strategy: 'plan-a' })).length).toBe(120);
      expect((await search('  \t\n ', { strategy: 'plan-a' })).length).toBe(120);
    });

    const hostile = [
      `"`,
      `'`,
      `"tjeneste`,
      `\\`,
      `\\'; DROP TABLE initiative; --`,
      `'; SELECT pg_sleep(10); --`,
      `%`,
      `_%_`,
      `&|!`,
      `!!tjeneste`,
      `tjeneste & | ! ( ) : * <-> <2>`,
      `(((((`,
      `a:*`,
      `-`,
      `--`,
      `or`,
      `og`,
      `😀🇳🇴`,
      `\u0000tjeneste\u0000`,
      `\u202e\u200b`,
      `æøå ÆØÅ`,
      `${'tjeneste '.repeat(55)}`.slice(0, 500),
      `SELECT * FROM initiative WHERE 1=1`,
      `$1 $$ $tag$`,
      `\ud83d`,
    ];
    it.each(hostile.map((s) => [JSON.stringify(s).slice(0, 60), s]))('answers %s normally', async (_label, text) => {
      const res = await t.gql(LIST, { filter: { search: text }, first: 5 });
      expect(res.errors).toBeUndefined();
      expect(res.data!.initiatives.totalCount).toBeGreaterThanOrEqual(0);
    });

    it('answers a strategy slug with a NUL character as one that matches nothing', async () => {
      const res = await t.gql(LIST, { filter: { strategy: 'en-digital\u0000' }, first: 5 });
      expect(res.errors).toBeUndefined();
      expect(res.data!.initiatives.totalCount).toBe(0);
    });

    it('a search of more than 500 characters is BAD_USER_INPUT naming filter.search', async () => {
      expect((await t.gql(LIST, { filter: { search: 'a'.repeat(500) } })).errors).toBeUndefined();
      const res = await t.gql(LIST, { filter: { search: 'a'.repeat(1000) } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['filter.search']);
    });
  });

  describe('paging arguments', () => {
    it('first defaults to 50; 0 gives an empty page; more than 200 or negative is BAD_USER_INPUT naming first', async () => {
      expect((await t.ok(LIST, { filter: { strategy: 'plan-a' } })).initiatives.edges).toHaveLength(50);
      const zero = (await t.ok(LIST, { filter: { strategy: 'plan-a' }, first: 0 })).initiatives;
      expect(zero).toMatchObject({ totalCount: 120, edges: [], pageInfo: { hasNextPage: true } });
      expect((await t.ok(LIST, { first: 200 })).initiatives.edges).toHaveLength(130);
      for (const first of [201, -1, 100000]) {
        const res = await t.gql(LIST, { first });
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(fields(res)).toEqual(['first']);
      }
    });

    it('a cursor that is not one, or one of another order, is BAD_USER_INPUT naming after', async () => {
      const page = (await t.ok(LIST, { orderBy: 'CODE', first: 2 })).initiatives;
      const bad = [
        'garbage',
        '',
        Buffer.from('["c","1.1"]').toString('base64url'),
        Buffer.from('["c","1.1","not-a-uuid"]').toString('base64url'),
        Buffer.from('["u","yesterday","00000000-0000-4000-8000-000000000000"]').toString('base64url'),
        // Shaped like an instant but none: PostgreSQL would fail the statement on it.
        Buffer.from('["u","2024-13-45T25:61:61.000000Z","00000000-0000-4000-8000-000000000000"]').toString('base64url'),
        Buffer.from('["u","2023-02-29T12:00:00.000000Z","00000000-0000-4000-8000-000000000000"]').toString('base64url'),
        Buffer.from('{"a":1}').toString('base64url'),
        'x'.repeat(5000),
      ];
      for (const after of bad) {
        const res = await t.gql(LIST, { orderBy: 'UPDATED_AT', after });
        expect(codes(res)).toEqual(['BAD_USER_INPUT']);
        expect(fields(res)).toEqual(['after']);
      }
      const res = await t.gql(LIST, { orderBy: 'TITLE', after: page.pageInfo.endCursor });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });

    it('cursors stay valid while initiatives are added mid-walk', async () => {
      const c = await insertStrategy(t, { slug: 'plan-c' });
      const goal = await insertGoal(t, c.id, 1);
      const original: string[] = [];
      for (let i = 1; i <= 30; i++) {
        original.push(
          await insertInitiative(t, {
            strategyId: c.id,
            code: `1.${i}`,
            title: `Tiltak ${i}`,
            goalIds: [goal],
            executingAgencyId: agencies[0].id,
          }),
        );
      }
      const added: Record<string, string> = {};
      const { nodes } = await walk({ filter: { strategy: 'plan-c' }, orderBy: 'CODE' }, 7, async (page) => {
        if (page !== 1) return;
        // One before the walk's position (not seen), one inside the seen range (not seen), one ahead (seen).
        added.before = await insertInitiative(t, {
          strategyId: c.id,
          code: '0.1',
          goalIds: [goal],
          executingAgencyId: agencies[0].id,
        });
        added.seen = await insertInitiative(t, {
          strategyId: c.id,
          code: '1.3.5',
          goalIds: [goal],
          executingAgencyId: agencies[0].id,
        });
        added.ahead = await insertInitiative(t, {
          strategyId: c.id,
          code: '1.25.5',
          goalIds: [goal],
          executingAgencyId: agencies[0].id,
        });
      });
      const walked = ids(nodes);
      for (const id of original) expect(walked).toContain(id);
      expect(walked).toContain(added.ahead);
      expect(walked).not.toContain(added.before);
      expect(walked).not.toContain(added.seen);
      expect(walked).toHaveLength(31);
      expect(nodes.map((n) => n.code).indexOf('1.25.5')).toBe(nodes.map((n) => n.code).indexOf('1.25') + 1);
    });
  });

  describe('no N+1', () => {
    const WIDE =
      graphql(`query InitiativesWithEveryRelation($first: Int) { initiatives(filter: { strategy: "plan-a" }, first: $first) {
      totalCount
      edges { node {
        code title strategy { slug } goals { number title } focusArea { slug } lifeEvents { slug }
        responsibleMinistry { orgNumber } executingAgency { orgNumber name } partners { orgNumber }
        contacts { name email } links { url } deliveries { title dueDate overdue }
      } }
    } }`);

    it('a page of 5 and a page of 100 with every relation run the same number of SQL statements', async () => {
      const statements = async (first: number, token?: { role: Role }) => {
        const res = await t.gql(WIDE, { first }, token);
        expect(res.errors).toBeUndefined();
        expect(res.data!.initiatives.edges).toHaveLength(first);
        const n = Number(res.headers.get('x-sql-statements'));
        expect(n).toBeGreaterThan(0);
        return n;
      };
      const small = await statements(5);
      const large = await statements(100);
      expect(large).toBe(small);
      expect(small).toBeLessThanOrEqual(12);
      expect(await statements(100, { role: Role.ADMIN })).toBe(await statements(5, { role: Role.ADMIN }));
    });

    it('relations come back right through the loaders: goals by number, lists in order, deliveries undated last', async () => {
      const { initiatives } = await t.ok(WIDE, { first: 100 });
      for (const { node } of initiatives.edges) {
        const m = made.find((x) => x.code === node.code)!;
        expect(node.goals.map((g) => g.number)).toEqual(
          m.goalIds.map((id) => goals.indexOf(id) + 1).sort((a, b) => a - b),
        );
        expect(node.lifeEvents.map((l) => l.slug)).toEqual(
          m.lifeEventIds.map((id) => (id === lifeEvents[0] ? 'le-1' : 'le-2')),
        );
        expect(node.executingAgency.orgNumber).toBe(agencies[m.i % 3].orgNumber);
        expect(node.partners.map((p) => p.orgNumber)).toEqual(
          m.i % 4 === 0 ? [expect.any(String), agencies[(m.i + 1) % 3].orgNumber] : [],
        );
        expect(node.deliveries.map((d) => d.title)).toEqual(['Leveranse A', 'Leveranse B']);
      }
    });

    it('the initiatives connections of many goals, focus areas and life events cost the same whatever their number', async () => {
      const PARENTS = graphql(`query InitiativesOfStrategyParts($slug: String!) { strategy(slug: $slug) {
        goals { number initiatives(first: 3) { totalCount edges { cursor node { code goals { number } } } pageInfo { hasNextPage } } }
        focusAreas { initiatives(first: 2) { totalCount edges { node { code } } } }
        lifeEvents { initiatives(first: 2) { totalCount edges { node { code } } } }
      } }`);
      // A small strategy of the same shape: 2 goals, one focus area and one life event, 3 initiatives.
      const d = await insertStrategy(t, { slug: 'plan-d' });
      const dGoals = [await insertGoal(t, d.id, 1), await insertGoal(t, d.id, 2)];
      const dFocusArea = await insertFocusArea(t, d.id, 'fa-d');
      const dLifeEvent = await insertLifeEvent(t, d.id, 'le-d');
      for (let i = 1; i <= 3; i++) {
        await insertInitiative(t, {
          strategyId: d.id,
          code: `${i}`,
          goalIds: dGoals,
          focusAreaId: dFocusArea,
          lifeEventIds: [dLifeEvent],
          executingAgencyId: agencies[0].id,
        });
      }
      const few = await t.gql(PARENTS, { slug: 'plan-d' });
      expect(few.data!.strategy!.goals[1].initiatives.totalCount).toBe(3);
      const many = await t.gql(PARENTS, { slug: 'plan-a' });
      expect(few.errors).toBeUndefined();
      expect(many.errors).toBeUndefined();
      expect(many.data!.strategy!.goals).toHaveLength(4);
      expect(Number(many.headers.get('x-sql-statements'))).toBe(Number(few.headers.get('x-sql-statements')));
      for (const goal of many.data!.strategy!.goals) {
        const expected = made.filter((m) => m.goalIds.includes(goals[goal.number - 1])).sort(byCode);
        expect(goal.initiatives.totalCount).toBe(expected.length);
        expect(goal.initiatives.edges.map((e) => e.node.code)).toEqual(expected.slice(0, 3).map((m) => m.code));
      }
      const [fa1, fa2] = many.data!.strategy!.focusAreas;
      expect(fa1.initiatives.totalCount).toBe(made.filter((m) => m.focusAreaId === focusAreas[0]).length);
      expect(fa2.initiatives.totalCount).toBe(made.filter((m) => m.focusAreaId === focusAreas[1]).length);
      expect(many.data!.strategy!.lifeEvents[1].initiatives.totalCount).toBe(
        made.filter((m) => m.lifeEventIds.includes(lifeEvents[1])).length,
      );
    });
  });

  describe('initiatives of a goal, focus area, life event and organisation', () => {
    it('walk every page of a goal, and the cursors work in the top-level listing too', async () => {
      const q = graphql(
        `query InitiativesOfGoalPage($id: ID!, $after: String) { goal(id: $id) { initiatives(first: 4, after: $after) { totalCount edges { cursor node { id code } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`,
      );
      const seen: string[] = [];
      let after: string | null = null;
      let cursorAfterFirstPage = '';
      for (;;) {
        const { goal }: InitiativesOfGoalPageQuery = await t.ok(q, { id: goals[2], after });
        seen.push(...goal!.initiatives.edges.map((e) => e.node.id));
        if (!cursorAfterFirstPage) cursorAfterFirstPage = goal!.initiatives.pageInfo.endCursor!;
        if (!goal!.initiatives.pageInfo.hasNextPage) break;
        after = goal!.initiatives.pageInfo.endCursor;
      }
      const expected = made.filter((m) => m.goalIds.includes(goals[2])).sort(byCode);
      expect(seen).toEqual(ids(expected));
      const top = await t.ok(LIST, { filter: { goalId: goals[2] }, first: 4, after: cursorAfterFirstPage });
      expect(top.initiatives.edges.map((e) => e.node.id)).toEqual(ids(expected.slice(4, 8)));
    });

    it("an organisation's initiatives are those it executes", async () => {
      const q = graphql(
        `query InitiativesOfOrganization($org: String!) { organization(orgNumber: $org) { initiatives(first: 200) { totalCount edges { node { id } } } } }`,
      );
      const { organization } = await t.ok(q, { org: agencies[1].orgNumber });
      expect(new Set(organization!.initiatives.edges.map((e) => e.node.id))).toEqual(
        new Set(made.filter((m) => m.agencyId === agencies[1].id).map((m) => m.id)),
      );
      expect(organization!.initiatives.totalCount).toBe(40);
      const res = await t.gql(
        graphql(
          `query InitiativeCountOfOrganization($org: String!) { organization(orgNumber: $org) { initiatives(first: 201) { totalCount } } }`,
        ),
        { org: agencies[1].orgNumber },
      );
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    });
  });
});
