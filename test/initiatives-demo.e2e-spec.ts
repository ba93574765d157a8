import { readDemoData } from '../src/demo/demo-data.js';
import { graphql } from './graphql/graphql.js';
import { createTestApp, TestApp } from './support/test-app.js';

/** The demo's 18 initiatives and their deliveries, loaded through the initiatives services. */
describe('initiatives of the demo data', () => {
  let t: TestApp;
  const data = readDemoData();

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('holds every initiative of the data set as written there, in natural code order', async () => {
    const { initiatives } = await t.ok(
      graphql(`query DemoInitiatives($slug: String!) { initiatives(filter: { strategy: $slug }, first: 200) {
        totalCount
        edges { node {
          code title summary lifecycle startDate plannedEndDate version
          goals { number } focusArea { slug } lifeEvents { slug }
          responsibleMinistry { orgNumber } executingAgency { orgNumber } partners { orgNumber }
          deliveries { title dueDate state }
        } }
      } }`),
      { slug: data.strategy.slug },
    );
    expect(data.initiatives).toHaveLength(18);
    expect(initiatives.totalCount).toBe(18);
    const nodes = initiatives.edges.map((e) => e.node);
    expect(nodes.map((n) => n.code)).toEqual([
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
      '1.12',
      '2.1',
      '2.2',
      '2.3',
      '3.1',
      '4.1',
      '5.1',
    ]);
    for (const item of data.initiatives) {
      const node = nodes.find((n) => n.code === item.code);
      expect(node).toMatchObject({
        title: item.title,
        summary: item.summary,
        lifecycle: item.lifecycle,
        startDate: item.startDate,
        plannedEndDate: item.plannedEndDate,
        goals: [...item.goals].sort((a, b) => a - b).map((number) => ({ number })),
        focusArea: item.focusArea ? { slug: item.focusArea } : null,
        lifeEvents: item.lifeEvents.map((slug) => ({ slug })),
        responsibleMinistry: item.responsibleMinistry ? { orgNumber: item.responsibleMinistry } : null,
        executingAgency: { orgNumber: item.executingAgency },
        partners: item.partners.map((orgNumber) => ({ orgNumber })),
        deliveries: [...item.deliveries]
          .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'))
          .map((d) => ({ title: d.title, dueDate: d.dueDate, state: d.state })),
      });
    }
  });

  it('finds demo initiatives by Norwegian search and by code', async () => {
    const search = async (text: string) =>
      (
        await t.ok(
          graphql(`query DemoSearch($s: String) { initiatives(filter: { search: $s }) { edges { node { code } } } }`),
          { s: text },
        )
      ).initiatives.edges.map((e) => e.node.code);
    const expected = data.initiatives
      .filter((i) => /tjenest/i.test(`${i.title} ${i.summary} ${i.description ?? ''}`))
      .map((i) => i.code);
    expect(expected.length).toBeGreaterThan(1);
    expect(await search('tjenestene')).toEqual(expected);
    const byCode = await t.ok(
      graphql(`query DemoInitiativeByCode($s: String!) { initiativeByCode(strategy: $s, code: "1.10") { title } }`),
      { s: data.strategy.slug },
    );
    expect(byCode.initiativeByCode!.title).toBe(data.initiatives.find((i) => i.code === '1.10')!.title);
  });

  it('was written through the services: one audit event per initiative and per delivery', async () => {
    const [row] = await t.sql(
      `SELECT count(*) FILTER (WHERE action = 'initiative.create')::int AS initiatives, count(*) FILTER (WHERE action = 'delivery.add')::int AS deliveries FROM audit_event`,
    );
    expect(row).toEqual({ initiatives: 18, deliveries: data.initiatives.reduce((n, i) => n + i.deliveries.length, 0) });
  });
});
