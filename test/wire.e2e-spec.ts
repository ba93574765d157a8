import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { insertLargePlan, insertStatusUpdate } from './support/plan-fixtures.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request whose answer is read as the bytes on the wire (fetch would decompress them). */
function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const decoded = (res: Raw) =>
  res.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(res.body)
    : res.headers['content-encoding'] === 'gzip'
      ? gunzipSync(res.body)
      : res.body;

const OVERVIEW =
  '{ statusOverview { period initiativeCount goals { initiatives { status initiative { code title } } } } }';

/** Compression and conditional GETs (issue 14): what goes over the wire. */
describe('answers on the wire', () => {
  let t: TestApp;
  let second: TestApp;
  let plan: Awaited<ReturnType<typeof insertLargePlan>>;
  const url = (app: TestApp, query = OVERVIEW) => `${app.url}/graphql?query=${encodeURIComponent(query)}`;

  beforeAll(async () => {
    t = await createTestApp();
    second = await createTestApp({ databaseUrl: t.databaseUrl, dataDir: undefined });
    plan = await insertLargePlan(t, { initiatives: 40, period: '2024-Q1' });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  /** Fills the cache and waits until the kept answer has its compressed forms. */
  async function keptAndCompressed(app: TestApp, query = OVERVIEW): Promise<Raw> {
    for (let i = 0; i < 50; i++) {
      const res = await raw(url(app, query), { headers: { 'accept-encoding': 'br' } });
      if (res.headers['x-response-cache'] === 'HIT' && res.headers['content-encoding'] === 'br') return res;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the answer was never kept compressed');
  }

  it('negotiates the encoding of a kept answer by Accept-Encoding, q-values and *', async () => {
    await keptAndCompressed(t);
    const identity = await raw(url(t));
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers['x-response-cache']).toBe('HIT');
    expect(identity.headers.vary).toMatch(/Accept-Encoding/);
    const cases: [string, string | undefined][] = [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['identity', undefined],
      ['gzip;q=0.8, br;q=0.2', 'gzip'],
      ['br;q=0, *', 'gzip'],
      ['*', 'br'],
      ['deflate', undefined],
    ];
    for (const [accept, expected] of cases) {
      const res = await raw(url(t), { headers: { 'accept-encoding': accept } });
      expect({ accept, encoding: res.headers['content-encoding'] }).toEqual({ accept, encoding: expected });
      expect(decoded(res).equals(identity.body)).toBe(true);
      expect(res.headers.etag).toBe(identity.headers.etag);
    }
    const br = await raw(url(t), { headers: { 'accept-encoding': 'br' } });
    expect(br.body.length).toBeLessThan(identity.body.length / 5);
  });

  it('compresses an answer that is not kept only when the client asks, and small answers never', async () => {
    const admin = await t.token({ role: Role.ADMIN });
    const post = (headers: Record<string, string>) =>
      raw(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers },
        body: JSON.stringify({ query: OVERVIEW }),
      });
    const plain = await post({});
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzipped = await post({ 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decoded(gzipped).toString())).toEqual(JSON.parse(plain.body.toString()));
    const small = await raw(url(t, '{ __typename }'), { headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 without a body for a matching If-None-Match, on this instance and on another', async () => {
    const first = await keptAndCompressed(t);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await raw(url(t), { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);

    // The other instance computes the same answer (a MISS there) and gives it the same tag.
    const elsewhere = await raw(url(second), { headers: { 'if-none-match': etag } });
    expect(elsewhere.status).toBe(304);
    expect(elsewhere.body.length).toBe(0);
    const elsewhereFull = await raw(url(second));
    expect(elsewhereFull.headers.etag).toBe(etag);
    expect((await raw(url(t), { headers: { 'if-none-match': 'W/"other"' } })).status).toBe(200);
  });

  it('keeps the ETag through a refused mutation and changes it with an approval', async () => {
    const before = String((await keptAndCompressed(t)).headers.etag);
    const reviewer = await t.token({ role: Role.REVIEWER, sub: 'wire-reviewer' });
    const refused = await raw(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reviewer}` },
      body: JSON.stringify({
        query: 'mutation { approveStatusUpdate(id: "00000000-0000-0000-0000-000000000000") { id } }',
      }),
    });
    expect(JSON.parse(refused.body.toString()).errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await raw(url(t), { headers: { 'if-none-match': before } })).status).toBe(304);

    const [initiative] = await t.sql(`SELECT id FROM initiative WHERE strategy_id = $1 ORDER BY code LIMIT 1`, [
      plan.strategyId,
    ]);
    const id = await insertStatusUpdate(t, { initiativeId: initiative.id, period: '2024-Q2', state: 'SUBMITTED' });
    const approved = await raw(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reviewer}` },
      body: JSON.stringify({ query: `mutation { approveStatusUpdate(id: "${id}") { state } }` }),
    });
    expect(JSON.parse(approved.body.toString()).data.approveStatusUpdate.state).toBe('APPROVED');
    const after = await raw(url(t), { headers: { 'if-none-match': before } });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before);
  });
});
