import { parse } from 'csv-parse/sync';
import jsonld from 'jsonld';
import { request as httpRequest } from 'node:http';
import { graphql } from './graphql/graphql.js';
import { insertPlan } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = '@type';
const NLOD = 'http://data.norge.no/nlod/no/2.0';

type Node = Record<string, unknown[]> & { '@id'?: string; '@type'?: string[] };

/**
 * Expands the catalogue as JSON-LD without the network: any context it would have to fetch fails the test
 * (its vocabularies are embedded).
 */
async function expand(document: object): Promise<Node[]> {
  const fetched: string[] = [];
  const documentLoader = async (url: string): Promise<never> => {
    fetched.push(url);
    throw new Error(`the catalogue asked for ${url}; nothing may be fetched`);
  };
  const expanded = (await jsonld.expand(document as jsonld.JsonLdDocument, {
    documentLoader: documentLoader as unknown as jsonld.Options.DocLoader['documentLoader'],
  })) as Node[];
  expect(fetched).toEqual([]);
  return expanded;
}

/** Every node of an expanded document, nested ones included, by @id (blank ones listed too). */
function nodesOf(expanded: Node[]): Node[] {
  const out: Node[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value && typeof value === 'object') {
      const node = value as Node;
      if (node[RDF_TYPE]) out.push(node);
      for (const [key, inner] of Object.entries(node)) if (!key.startsWith('@')) visit(inner);
    }
  };
  visit(expanded);
  return out;
}

const ofType = (nodes: Node[], type: string) => nodes.filter((n) => n[RDF_TYPE]?.includes(type));
const values = (node: Node, property: string) => (node[property] ?? []) as Record<string, unknown>[];
const ids = (node: Node, property: string) => values(node, property).map((v) => v['@id'] as string);

/** A property that must be there, in Norwegian bokmål. */
function expectNorwegian(node: Node, property: string): void {
  const texts = values(node, property);
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) {
    expect(text['@language']).toBe('nb');
    expect(String(text['@value']).length).toBeGreaterThan(10);
  }
}

/** GET with a Host header of one's own (fetch does not let a caller set one). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('open data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('publishes a DCAT-AP-NO catalogue that expands as JSON-LD with the required properties', async () => {
    const res = await fetch(`${t.url}/open-data/catalog.jsonld`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const nodes = nodesOf(await expand((await res.json()) as object));

    const [catalog, ...others] = ofType(nodes, `${DCAT}Catalog`);
    expect(others).toHaveLength(0);
    expectNorwegian(catalog, `${DCT}title`);
    expectNorwegian(catalog, `${DCT}description`);
    const publisher = 'https://data.brreg.no/enhetsregisteret/api/enheter/991825827';
    expect(ids(catalog, `${DCT}publisher`)).toEqual([publisher]);

    const datasets = ofType(nodes, `${DCAT}Dataset`);
    expect(datasets).toHaveLength(2);
    expect(ids(catalog, `${DCAT}dataset`).sort()).toEqual(datasets.map((d) => d['@id']).sort());
    const urls: string[] = [];
    for (const dataset of datasets) {
      expectNorwegian(dataset, `${DCT}title`);
      expectNorwegian(dataset, `${DCT}description`);
      expect(ids(dataset, `${DCT}publisher`)).toEqual([publisher]);
      expect(ids(dataset, `${DCAT}theme`)).toEqual([
        'http://publications.europa.eu/resource/authority/data-theme/GOVE',
      ]);
      const distributions = values(dataset, `${DCAT}distribution`) as Node[];
      expect(distributions).toHaveLength(2);
      for (const distribution of distributions) {
        expect(distribution[RDF_TYPE]).toEqual([`${DCAT}Distribution`]);
        const [accessUrl] = ids(distribution, `${DCAT}accessURL`);
        expect(accessUrl).toMatch(new RegExp(`^${t.url}/open-data/[a-z-]+\\.(csv|json)$`));
        urls.push(accessUrl);
        expect(ids(distribution, `${DCT}format`).length + ids(distribution, `${DCAT}mediaType`).length).toBe(2);
        expect(ids(distribution, `${DCT}license`)).toEqual([NLOD]);
      }
    }

    // Every distribution is there, in the format it says.
    for (const url of urls) {
      const file = await fetch(url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toMatch(url.endsWith('.csv') ? /^text\/csv/ : /^application\/json/);
      await file.arrayBuffer();
    }
  });

  it('serves the initiatives with their published statuses and the key figures as CSV and JSON', async () => {
    const { statusOverview } = await t.ok(
      graphql(
        `query PublishingOpenDataCounts { statusOverview { period initiativeCount statusCounts { status count } } }`,
      ),
    );
    const json: any = await (await fetch(`${t.url}/open-data/initiatives.json`)).json();
    expect(json.kvartal).toBe(statusOverview.period);
    expect(json.lisens).toBe(NLOD);
    expect(json.initiativer).toHaveLength(statusOverview.initiativeCount);
    for (const { status, count } of statusOverview.statusCounts) {
      expect(json.initiativer.filter((i: { status: string }) => i.status === status)).toHaveLength(count);
    }
    expect(json.initiativer.find((i: { kode: string }) => i.kode === '1.6').mål).toEqual([2, 4]);

    const csv: Record<string, string>[] = parse(
      Buffer.from(await (await fetch(`${t.url}/open-data/initiatives.csv`)).arrayBuffer()),
      { bom: true, columns: true },
    );
    expect(csv.map((r) => [r.kode, r.status])).toEqual(
      json.initiativer.map((i: { kode: string; status: string | null }) => [i.kode, i.status ?? '']),
    );

    const figures: any = await (await fetch(`${t.url}/open-data/key-figures.json`)).json();
    const trust = figures.nøkkeltall.find((f: { navn: string }) => f.navn.startsWith('Andel innbyggere som har noen'));
    expect(trust).toMatchObject({
      mål: 1,
      enhet: 'PERCENT',
      bedreNår: 'HIGHER',
      verdier: [
        { år: 2020, verdi: 50, merknad: null },
        { år: 2021, verdi: 47, merknad: null },
      ],
      trend: { retning: 'FALLING', vurdering: 'NEGATIVE', tekst: 'Negativ synkende trend' },
    });
    const rows: Record<string, string>[] = parse(
      Buffer.from(await (await fetch(`${t.url}/open-data/key-figures.csv`)).arrayBuffer()),
      { bom: true, columns: true },
    );
    const valueCount = figures.nøkkeltall.reduce((n: number, f: { verdier: unknown[] }) => n + f.verdier.length, 0);
    expect(rows).toHaveLength(valueCount);
    expect(rows.find((r) => r.nøkkeltall === trust.navn && r.år === '2021')).toMatchObject({
      verdi: '47',
      enhet: 'PERCENT',
    });
  });

  it('builds links from the request’s host without PUBLIC_URL, and never serves one host’s catalogue to another', async () => {
    const other = await getWithHost(`${t.url}/open-data/catalog.jsonld`, 'data.example.no');
    expect(other.status).toBe(200);
    expect(other.body).toContain('"http://data.example.no/open-data/initiatives.csv"');
    const own = await (await fetch(`${t.url}/open-data/catalog.jsonld`)).text();
    expect(own).not.toContain('data.example.no');
    expect(own).toContain(`"${t.url}/open-data/initiatives.csv"`);
  });
});

describe('open data with PUBLIC_URL and PUBLISHER_ORG', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'https://status.example.no/', PUBLISHER_ORG: '974760673' } });
    await insertPlan(t, { goals: 1, initiatives: 1 });
  });
  afterAll(() => t.close());

  it('links to PUBLIC_URL whatever the request’s host, and names the publisher by its organisation number', async () => {
    const other = await getWithHost(`${t.url}/open-data/catalog.jsonld`, 'data.example.no');
    expect(other.body).not.toContain('data.example.no');
    const nodes = nodesOf(await expand(JSON.parse(other.body)));
    const [catalog] = ofType(nodes, `${DCAT}Catalog`);
    expect(catalog['@id']).toBe('https://status.example.no/open-data/catalog.jsonld');
    expect(ids(catalog, `${DCT}publisher`)).toEqual(['https://data.brreg.no/enhetsregisteret/api/enheter/974760673']);
    const distributions = ofType(nodes, `${DCAT}Distribution`);
    expect(distributions.map((d) => ids(d, `${DCAT}accessURL`)[0]).sort()).toEqual([
      'https://status.example.no/open-data/initiatives.csv',
      'https://status.example.no/open-data/initiatives.json',
      'https://status.example.no/open-data/key-figures.csv',
      'https://status.example.no/open-data/key-figures.json',
    ]);
  });
});
