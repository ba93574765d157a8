import { Metrics } from '../src/metrics/index.js';
import { parsePrometheusText, valueOf, type Family } from './support/prometheus-text.js';
import { postRaw, rawCodes, rawRequest, sqlStatements } from './support/raw-http.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

describe('metrics (GET /metrics on METRICS_PORT)', () => {
  let t: TestApp;
  let metricsUrl: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_PORT: '0' } });
    metricsUrl = `http://127.0.0.1:${t.app.get(Metrics).port}/metrics`;
    admin = await t.token({ role: Role.ADMIN, sub: 'metrics-admin' });
  });
  afterAll(() => t.close());

  async function scrape(): Promise<Map<string, Family>> {
    const res = await rawRequest(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(res.text);
  }

  it('serves Prometheus text that parses, with every metric of DESIGN.md and the process metrics', async () => {
    const families = await scrape();
    const types = Object.fromEntries([...families.values()].map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      graphql_requests_total: 'counter',
      graphql_request_duration_seconds: 'histogram',
      sql_statements_per_request: 'histogram',
      response_cache_hits_total: 'counter',
      response_cache_misses_total: 'counter',
      db_pool_connections: 'gauge',
      db_replica_lag_seconds: 'gauge',
      jobs_total: 'counter',
      nodejs_eventloop_lag_seconds: 'gauge',
      process_cpu_user_seconds_total: 'counter',
      nodejs_heap_size_used_bytes: 'gauge',
    });
    for (const f of families.values()) expect(f.help).toBeTruthy();
  });

  it('counts and times operations by name and outcome, with the SQL statements each request ran', async () => {
    const before = await scrape();
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await postRaw(
          t.url,
          { query: 'query MetricsProbe { strategies { slug } }' },
          { authorization: `Bearer ${admin}` },
        ),
      );
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const forbidden = await postRaw(t.url, { query: 'query MetricsProbe { auditLog { totalCount } }' });
    expect(rawCodes(forbidden)).toEqual(['UNAUTHENTICATED']);
    // Refused while validated (GraphQL ran), and before GraphQL (the batch limit), named from the body.
    const invalid = await postRaw(t.url, { query: 'query MetricsBroken { strategies { nope } }' });
    expect(rawCodes(invalid)).toEqual(['BAD_USER_INPUT']);
    const batch = await postRaw(t.url, [
      { query: 'query MetricsBatch { a: strategies { slug } }' },
      { query: '{ b }' },
    ]);
    expect(batch.status).toBe(400);
    const after = await scrape();

    const rise = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(rise('graphql_requests_total', { operation: 'MetricsProbe', outcome: 'ok' })).toBe(3);
    expect(rise('graphql_requests_total', { operation: 'MetricsProbe', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(rise('graphql_requests_total', { operation: 'MetricsBroken', outcome: 'BAD_USER_INPUT' })).toBe(1);
    expect(rise('graphql_requests_total', { operation: 'MetricsBatch', outcome: 'BAD_USER_INPUT' })).toBe(1);
    expect(rise('graphql_request_duration_seconds_count', { operation: 'MetricsProbe' })).toBe(4);
    expect(rise('graphql_request_duration_seconds_sum', { operation: 'MetricsProbe' })).toBeGreaterThan(0);
    expect(rise('graphql_request_duration_seconds_bucket', { operation: 'MetricsProbe', le: '+Inf' })).toBe(4);
    // Six requests; their statements are what their x-sql-statements headers said (the batch ran none).
    const sent = [...answers, forbidden, invalid, batch];
    expect(rise('sql_statements_per_request_count')).toBe(6);
    expect(rise('sql_statements_per_request_sum')).toBe(sent.reduce((sum, a) => sum + sqlStatements(a), 0));
    expect(sqlStatements(answers[0])).toBeGreaterThan(0);
  });

  it('counts response-cache hits and misses, and the requests the cache answers before GraphQL runs', async () => {
    const before = await scrape();
    const url = `${t.url}/graphql?query=${encodeURIComponent('query MetricsCached { strategies { slug } }')}`;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await rawRequest(url));
    expect(answers.map((a) => a.headers.get('x-response-cache'))).toEqual(['MISS', 'HIT', 'HIT']);
    const after = await scrape();
    const rise = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(rise('response_cache_hits_total')).toBe(2);
    expect(rise('response_cache_misses_total')).toBe(1);
    expect(rise('graphql_requests_total', { operation: 'MetricsCached', outcome: 'ok' })).toBe(3);
    expect(rise('sql_statements_per_request_count')).toBe(3);
    expect(rise('sql_statements_per_request_sum')).toBe(sqlStatements(answers[0]));
    expect(rise('sql_statements_per_request_bucket', { le: '0' })).toBe(2);
  });

  it('reports the pool connections in use, idle and waiting, read when scraped', async () => {
    const pool = { pool: 'primary' };
    const idle = await scrape();
    for (const state of ['in_use', 'idle', 'waiting']) {
      expect(idle.get('db_pool_connections')!.samples).toContainEqual(
        expect.objectContaining({ labels: { ...pool, state } }),
      );
    }
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const held = await scrape();
      expect(valueOf(held, 'db_pool_connections', { ...pool, state: 'in_use' })).toBe(
        valueOf(idle, 'db_pool_connections', { ...pool, state: 'in_use' }) + 1,
      );
      expect(valueOf(held, 'db_pool_connections', { ...pool, state: 'waiting' })).toBe(0);
    } finally {
      await runner.release();
    }
  });

  it('reports replica lag and jobs as other modules tell it (setReplicaLag, jobs)', async () => {
    const metrics = t.app.get(Metrics);
    metrics.setReplicaLag('replica_a', 0.25);
    metrics.jobs('email', 'queued', 2);
    metrics.jobs('email', 'sent');
    let families = await scrape();
    expect(valueOf(families, 'db_replica_lag_seconds', { replica: 'replica_a' })).toBe(0.25);
    expect(valueOf(families, 'jobs_total', { queue: 'email', state: 'queued' })).toBe(2);
    expect(valueOf(families, 'jobs_total', { queue: 'email', state: 'sent' })).toBe(1);
    // A replica whose lag is unknown (down) has no series, rather than its last value.
    metrics.setReplicaLag('replica_a', undefined);
    families = await scrape();
    expect(families.get('db_replica_lag_seconds')!.samples).toEqual([]);
  });

  it('is not served on the public port, and the metrics port serves nothing else', async () => {
    expect((await rawRequest(`${t.url}/metrics`)).status).toBe(404);
    const base = metricsUrl.replace(/\/metrics$/, '');
    expect((await rawRequest(`${base}/graphql`)).status).toBe(404);
    expect((await rawRequest(metricsUrl, { method: 'POST' })).status).toBe(405);
  });

  it('is off without METRICS_PORT, and closes with the application', async () => {
    const off = await createTestApp({ databaseUrl: t.databaseUrl });
    try {
      expect(off.app.get(Metrics).enabled).toBe(false);
      expect(off.app.get(Metrics).port).toBeUndefined();
      expect((await rawRequest(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
    const own = await createTestApp({ databaseUrl: t.databaseUrl, env: { METRICS_PORT: '0' } });
    const port = own.app.get(Metrics).port;
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(t.app.get(Metrics).port);
    expect((await rawRequest(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    await own.close();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});

describe('the exposition-format reader of these tests', () => {
  it('refuses what the format does not allow', () => {
    const ok = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1"} 2\n';
    expect(parsePrometheusText(ok).get('a_total')!.samples).toEqual([
      { name: 'a_total', labels: { x: '1' }, value: 2 },
    ]);
    for (const bad of [
      'a_total 1',
      '# TYPE a_total counter\na_total{x="1} 2\n',
      '# TYPE a_total counter\na_total{x="\\t"} 2\n',
      '# TYPE a_total counter\na_total 1 2 3\n',
      '# TYPE a_total counter\na_total one\n',
      '# TYPE a_total counter\nb_total 1\n',
      '# TYPE a_total counter\na_total 1\na_total 2\n',
      '# TYPE a_total counter\n# TYPE a_total counter\n',
      '# TYPE a_total countr\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\nh_sum 1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\nh_sum 1\n',
      '# TYPE 1a gauge\n',
    ]) {
      expect(() => parsePrometheusText(bad)).toThrow();
    }
  });
});
