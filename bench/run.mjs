#!/usr/bin/env node
// The benchmark: `npm run bench [-- --initiatives 500,5000 --duration 20]`. Not part of `npm test`.
// `--instances 2 --replica`: two server processes on the primary and a streaming replica of it (made by a
// base backup as the tests make one), anonymous reads going to the replica.
//
// For each plan size it starts a throw-away embedded PostgreSQL, runs the migrations, generates the plan
// (bench/generate.mjs), starts the COMPILED server as its own process (development sign-in, so owner tokens
// can be signed), drives it over HTTP with autocannon (10 connections, a warm-up, then the measured run) and
// measures the floor: the portal query's data with one hand-written SQL statement (bench/floor.mjs) through
// `pg` at the same concurrency. Prints per case: requests/s, p50 and p99 latency, SQL statements per request
// (the server's x-sql-statements header), the server's peak RSS (VmHWM), and the portal's p50 over the floor's.
//
// The server is compiled with the build's own tsconfig into bench/.out/dist (git-ignored) rather than dist/,
// so a benchmark never swaps out the dist/ that a running test or server is using. --no-build reuses it.
import autocannon from 'autocannon';
import { httpLoad } from './http-load.mjs';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generatePlan } from './generate.mjs';
import {
  build as buildServer,
  cpuMs,
  createMigratedDatabase,
  freePort,
  memory,
  resetPeakRss,
  ROOT,
  startServer as startServerProcess,
} from './server-process.mjs';
import { FLOOR_SQL, measureFloor } from './floor.mjs';
import { makeStandby, startPostgres } from '../test/support/base-backup.mjs';

const PORTAL = readFileSync(join(ROOT, 'bench/portal.graphql'), 'utf8');
const PUBLISHED_REPORT = readFileSync(join(ROOT, 'bench/published-report.graphql'), 'utf8');
// The generated plan reports 2019-Q1..2025-Q4: 28 quarters.
const TIMELINE = `query Timeline {
  statusTimeline(from: "2019-Q1", to: "2025-Q4") {
    period initiativeCount notReported
    statusCounts { status count }
    obstacleCounts { obstacle count }
  }
}`;
const OPEN_ROUND = `mutation Open($period: Quarter!) { openReportingRound(input: { period: $period, dueDate: "2025-10-15" }) { period state } }`;
const CLOSE_ROUND = `mutation Close($period: Quarter!) { closeReportingRound(period: $period) { period state closedAt } }`;
/** The quarter whose round the published-report case closes (the one before the generated plan's newest). */
const REPORT_PERIOD = '2025-Q3';

const LISTING = `query Listing($goal: ID!) {
  initiatives(filter: { goalId: $goal }, first: 50) {
    totalCount
    edges { node { id code title currentStatus executingAgency { name } } }
  }
}`;
const INITIATIVE_PAGE = `query InitiativePage($id: ID!) {
  initiative(id: $id) {
    id code title summary description lifecycle startDate plannedEndDate
    goals { number title }
    executingAgency { name shortName }
    currentStatus
    updates(first: 8) {
      totalCount
      edges { node { period status progressPercent summary achievements nextSteps risks obstacles publishedAt } }
    }
  }
}`;
const SAVE = `mutation Save($input: SaveStatusUpdateInput!) { saveStatusUpdate(input: $input) { id state version } }`;
const SUBMIT = `mutation Submit($id: ID!) { submitStatusUpdate(id: $id) { id state } }`;

const { values: args } = parseArgs({
  options: {
    initiatives: { type: 'string', default: '500' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    // Server processes on the same database, as behind a load balancer; autocannon spreads its connections.
    instances: { type: 'string', default: '1' },
    // A streaming replica of the primary (a base backup as test/support/base-backup.mjs makes it), which the
    // servers read through DATABASE_REPLICA_URLS: anonymous reads go there, everything else to the primary.
    replica: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    // Writes a V8 CPU profile of each server process into this folder (node --cpu-prof), for finding costs.
    'cpu-prof': { type: 'string' },
    dist: { type: 'string', default: 'bench/.out/dist' },
    cases: {
      type: 'string',
      default: 'portal,portal-cached,listing,initiative,writes,timeline,published-report,status-page,export-xlsx,floor',
    },
    // Extra settings of the server, e.g. --env REVIEWERS_EMAIL= to measure writes that send no e-mail.
    env: { type: 'string', multiple: true, default: [] },
  },
});
const sizes = args.initiatives.split(',').map(Number);
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const instances = Number(args.instances);
const withReplica = args.replica;
const cases = new Set(args.cases.split(','));
const dist = resolve(ROOT, args.dist);

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

const distModule = (path) => import(pathToFileURL(join(dist, path)).href);

// A backlog of slow requests would keep a server draining; the benchmark does not need their answers.
const startServer = async (env) => {
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args['cpu-prof'])}`] : [];
  const server = await startServerProcess(dist, env, { log, nodeArgs });
  return { ...server, stop: () => server.stop({ killAfterMs: 5000 }) };
};
const peakRss = (pid) => memory(pid);
/** The postmaster of the size being measured, for the CPU time PostgreSQL spends per request. */
let postgresPid;
/** The replica's postmaster (--replica): its CPU time counts as PostgreSQL's too. */
let replicaPid;

async function post(url, query, variables, token) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  return { status: res.status, body, statements: Number(res.headers.get('x-sql-statements')), headers: res.headers };
}

/** Runs one autocannon case: a warm-up, then the measured run. GraphQL errors in 200 answers are counted too. */
async function load(server, request) {
  let graphqlErrors = 0;
  // Reading every body costs the load generator CPU that the server (same machine) would miss; the large
  // portal answers are checked by a probe request instead.
  const requests = (request.requests ?? [request]).map((r) =>
    request.checkBodies === false
      ? r
      : {
          ...r,
          onResponse: (status, body, context) => {
            if (typeof body === 'string' && body.includes('"errors"')) graphqlErrors += 1;
            r.onResponse?.(status, body, context);
          },
        },
  );
  // A slow case (the uncached portal at 5000 initiatives) is measured, not cut off at autocannon's 10 s.
  const options = {
    url: server.urls,
    connections: request.connections ?? connections,
    requests,
    headers: { 'content-type': 'application/json' },
    timeout: 120,
  };
  for (const pid of server.pids) resetPeakRss(pid);
  if (request.client === 'node:http') return httpLoaded(server, request);
  if (warmup > 0) await autocannon({ ...options, duration: warmup });
  graphqlErrors = 0;
  // CPU time per request is steadier than requests/s on a machine that others load too.
  const cpuBefore = cpuOf(server);
  const result = await autocannon({ ...options, duration });
  const cpuAfter = cpuOf(server);
  return {
    cpuMsPerRequest: {
      server: (cpuAfter.server - cpuBefore.server) / result.requests.total,
      postgres: (cpuAfter.postgres - cpuBefore.postgres) / result.requests.total,
      // --replica: the replica's PostgreSQL apart, which shows where the reads went.
      replica: (cpuAfter.replica - cpuBefore.replica) / result.requests.total,
    },
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    // The server processes' CPU time per answer (what the machine's load does not change much).
    cpuPerRequest: result.requests.total > 0 ? (cpuAfter.server - cpuBefore.server) / result.requests.total : NaN,
    // Bytes on the wire per answer (headers and body), as autocannon counted them.
    bytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
    // A polling case expects 304, which autocannon counts among the non-2xx.
    failed:
      (request.expectStatus
        ? result.requests.total - (result.statusCodeStats?.[request.expectStatus]?.count ?? 0)
        : result.non2xx) +
      result.errors +
      result.timeouts +
      graphqlErrors,
    // The largest process's peak (with several instances each has its own memory).
    rss: { hwm: Math.max(...server.pids.map((pid) => peakRss(pid).hwm)) },
  };
}

/** What the server processes, PostgreSQL and the replica's PostgreSQL (--replica) spent so far, in CPU ms. */
function cpuOf(server) {
  return {
    server: server.pids.reduce((sum, pid) => sum + cpuMs(pid), 0),
    postgres: postgresPid ? cpuMs(postgresPid, { withChildren: true }) : NaN,
    replica: replicaPid ? cpuMs(replicaPid, { withChildren: true }) : NaN,
  };
}

/** `load` with bench/http-load.mjs instead of autocannon (large answers: see that file). */
async function httpLoaded(server, request) {
  const options = {
    urls: server.urls,
    connections: request.connections ?? connections,
    warmup,
    duration: 0,
    method: request.method,
    path: request.path,
    headers: request.headers,
    expectStatus: request.expectStatus,
  };
  await httpLoad({ ...options, duration: 0 });
  const before = cpuOf(server);
  const result = await httpLoad({ ...options, warmup: 0, duration });
  const after = cpuOf(server);
  const perRequest = (what) => (result.total > 0 ? (after[what] - before[what]) / result.total : NaN);
  return {
    ...result,
    cpuMsPerRequest: { server: perRequest('server'), postgres: perRequest('postgres'), replica: perRequest('replica') },
    cpuPerRequest: perRequest('server'),
    rss: { hwm: Math.max(...server.pids.map((pid) => peakRss(pid).hwm)) },
  };
}

const postRequest = (query, variables, token) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify({ query, variables }),
});

async function runSize(initiatives) {
  const results = { initiatives, cases: [] };
  const dataDir = mkdtempSync(join(tmpdir(), 'hp-bench-'));
  chmodSync(dataDir, 0o755);
  const { EmbeddedDatabase } = await distModule('src/database/embedded-database.js');
  const { dataSourceOptions } = await distModule('src/database/data-source-options.js');
  const { loadOrCreateDevKey, publicPart, signDevToken } = await distModule('src/auth/dev-key.js');
  const { DEV_AUDIENCE, DEV_ISSUER } = await distModule('src/config/app-config.js');
  const { currentQuarter } = await distModule('src/common/quarter.js');
  const { DataSource } = await import('typeorm');
  const db = new EmbeddedDatabase({ dataDir: join(dataDir, 'db'), port: await freePort(), persistent: false });
  let server;
  let pool;
  let jwks;
  let replica;
  try {
    log(`${initiatives} initiatives: starting PostgreSQL under ${dataDir}`);
    await db.start();
    postgresPid = Number(readFileSync(join(db.clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const databaseUrl = await createMigratedDatabase(db, 'bench', { DataSource, dataSourceOptions, pg });

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const generated = await generatePlan(client, { initiatives });
    log(`generated ${JSON.stringify(generated)}`);
    results.generated = generated;
    const { rows: goals } = await client.query(`SELECT id FROM goal ORDER BY number`);
    const { rows: active } = await client.query(
      `SELECT i.id, o.org_number FROM initiative i JOIN organization o ON o.id = i.executing_agency_id WHERE i.lifecycle = 'ACTIVE' ORDER BY i.code`,
    );
    await client.end();

    let replicaUrl;
    if (withReplica) {
      // After the plan is generated, so the backup carries it and the replica starts caught up.
      const standbyDir = join(dataDir, 'replica', 'pg');
      const started = Date.now();
      await makeStandby({ primaryUrl: db.superuserUrlFor('postgres'), primaryDir: db.clusterDir, standbyDir });
      const port = await freePort();
      replica = await startPostgres(standbyDir, port);
      replicaPid = Number(readFileSync(join(standbyDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const url = new URL(databaseUrl);
      url.port = String(port);
      replicaUrl = url.toString();
      await waitForStreaming(db.superuserUrlFor('postgres'), replicaUrl);
      log(`replica streaming on port ${port} (base backup and start took ${Date.now() - started} ms)`);
    }
    const appData = join(dataDir, 'app');
    const jwk = await loadOrCreateDevKey(appData);
    // Production mode refuses development sign-in, so the benchmark plays the identity provider: it serves
    // the public key as a JWKS and signs the owners' tokens with the private one.
    jwks = createHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicPart(jwk)] }));
    });
    await new Promise((ok) => jwks.listen(0, '127.0.0.1', ok));
    const tokens = new Map();
    for (const { org_number: org } of active) {
      if (!tokens.has(org))
        tokens.set(org, await signDevToken(jwk, { subject: `owner-${org}`, roles: ['OWNER'], org, expiresIn: '2h' }));
    }
    const env = {
      NODE_ENV: 'production',
      AUTH_JWKS_URI: `http://127.0.0.1:${jwks.address().port}/jwks.json`,
      AUTH_ISSUER: DEV_ISSUER,
      AUTH_AUDIENCE: DEV_AUDIENCE,
      DATABASE_URL: databaseUrl,
      DATA_DIR: appData,
      DEMO_DATA: 'false',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_READS: '0',
      RATE_LIMIT_WRITES: '0',
      // Each case reports its SQL statements per request from this header (off unless configured).
      SQL_STATEMENTS_HEADER: 'true',
      // Every submission queues an e-mail to the reviewers in its transaction, which the workers then write
      // as an .eml file under DATA_DIR/mail (no SMTP_URL): the write loop measures the outbox too.
      REVIEWERS_EMAIL: 'bench-reviewers@example.no',
      ...(replicaUrl ? { DATABASE_REPLICA_URLS: replicaUrl } : {}),
      ...Object.fromEntries(
        args.env.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
      ),
    };
    const record = (name, measured, statements, note = '') => {
      results.cases.push({ name, ...measured, statements, note });
      log(
        `${name}: ${measured.rps.toFixed(1)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, ${statements} SQL/request, server CPU ${measured.cpuPerRequest.toFixed(1)} ms/request, peak RSS ${measured.rss.hwm.toFixed(0)} MB${measured.failed ? `, ${measured.failed} FAILED` : ''}`,
      );
    };

    // Every case gets a fresh server process, so that its peak RSS is its own and no backlog of a slow case
    // delays the next. Uncached cases run with the response cache off: every request runs its SQL.
    const fresh = async (extraEnv) => {
      await server?.stop();
      const started = [];
      for (let i = 0; i < instances; i++) started.push(await startServer({ ...env, ...extraEnv }));
      if (replicaUrl) for (const s of started) await replicaUp(s.url);
      server = {
        url: started[0].url,
        urls: started.map((s) => s.url),
        pids: started.map((s) => s.pid),
        stop: () => Promise.all(started.map((s) => s.stop())),
      };
      return server;
    };
    const uncached = { RESPONSE_CACHE_TTL: '0' };
    if (cases.has('portal')) {
      await fresh(uncached);
      const probe = await post(server.url, PORTAL, {});
      if (probe.body.errors)
        throw new Error(`the portal query fails: ${JSON.stringify(probe.body.errors).slice(0, 500)}`);
      results.portalProbe = probe.body.data;
      record(
        'portal query, uncached (POST)',
        await load(server, { ...postRequest(PORTAL, {}), checkBodies: false }),
        probe.statements,
      );
    }
    if (cases.has('timeline')) {
      await fresh(uncached);
      const probe = await post(server.url, TIMELINE, {});
      if (probe.body.errors)
        throw new Error(`the timeline query fails: ${JSON.stringify(probe.body.errors).slice(0, 500)}`);
      record(
        'statusTimeline over 28 quarters, uncached (POST)',
        await load(server, postRequest(TIMELINE, {})),
        probe.statements,
        `${probe.body.data.statusTimeline.length} quarters`,
      );
    }
    if (cases.has('published-report')) {
      await fresh(uncached);
      const adminToken = await signDevToken(jwk, { subject: 'bench-admin', roles: ['ADMIN'], expiresIn: '2h' });
      const opened = await post(server.url, OPEN_ROUND, { period: REPORT_PERIOD }, adminToken);
      const started = Date.now();
      const closed = await post(server.url, CLOSE_ROUND, { period: REPORT_PERIOD }, adminToken);
      const closeMs = Date.now() - started;
      if (opened.body.errors || closed.body.errors)
        throw new Error(
          `closing the round fails: ${JSON.stringify(opened.body.errors ?? closed.body.errors).slice(0, 500)}`,
        );
      const probe = await post(server.url, PUBLISHED_REPORT, { period: REPORT_PERIOD });
      if (probe.body.errors)
        throw new Error(`the published report fails: ${JSON.stringify(probe.body.errors).slice(0, 500)}`);
      record(
        `publishedReport(${REPORT_PERIOD}), the portal query's fields, uncached (POST)`,
        await load(server, { ...postRequest(PUBLISHED_REPORT, { period: REPORT_PERIOD }), checkBodies: false }),
        probe.statements,
        `closeReportingRound took ${closeMs} ms (${closed.statements} SQL statements)`,
      );
    }
    if (cases.has('status-page')) {
      // The status page (src/publishing): the portal's overview rendered as HTML, uncached, then kept.
      await fresh(uncached);
      const probe = await fetch(`${server.url}/status`);
      const html = await probe.text();
      if (probe.status !== 200) throw new Error(`GET /status answers ${probe.status}: ${html.slice(0, 300)}`);
      record(
        'GET /status, uncached (RESPONSE_CACHE_TTL=0)',
        await load(server, { method: 'GET', path: '/status', checkBodies: false }),
        Number(probe.headers.get('x-sql-statements')),
        `${kb(Buffer.byteLength(html))} of HTML`,
      );
      await fresh({});
      await (await fetch(`${server.url}/status`)).text();
      const again = await fetch(`${server.url}/status`);
      await again.text();
      const cached = await load(server, { method: 'GET', path: '/status', checkBodies: false });
      record(
        'GET /status, cached',
        cached,
        Number(again.headers.get('x-sql-statements')),
        `response cache ${again.headers.get('x-response-cache')}; ${kb(cached.bytesPerResponse)} per answer`,
      );
    }
    if (cases.has('export-xlsx')) {
      // The status of the newest quarter as a spreadsheet, streamed, uncached (every request builds it):
      // first at the bench's concurrency, then one request at a time, whose peak RSS over the idle server's
      // is what one file costs in memory (the plan read once, the rows written out as they are made).
      const path = '/export/status.xlsx';
      await fresh(uncached);
      const probe = await fetch(`${server.url}${path}`);
      const file = Buffer.from(await probe.arrayBuffer());
      if (probe.status !== 200) throw new Error(`GET ${path} answers ${probe.status}`);
      const statements = Number(probe.headers.get('x-sql-statements'));
      record(
        `GET ${path}, uncached (streamed), ${connections} connections`,
        await load(server, { method: 'GET', path, checkBodies: false }),
        statements,
        `${kb(file.length)} file, ${probe.headers.get('content-disposition')}`,
      );
      await fresh(uncached);
      const idle = Math.max(...server.pids.map((pid) => memory(pid).rss));
      record(
        `GET ${path}, uncached (streamed), 1 connection`,
        await load(server, { method: 'GET', path, checkBodies: false, connections: 1 }),
        statements,
        `idle server before it: ${idle.toFixed(0)} MB RSS`,
      );
    }
    if (cases.has('listing')) {
      await fresh(uncached);
      const probe = await post(server.url, LISTING, { goal: goals[1].id });
      let i = 0;
      const request = {
        ...postRequest(LISTING, {}),
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ query: LISTING, variables: { goal: goals[i++ % goals.length].id } }),
        }),
      };
      record(
        'initiatives(first: 50) by goal',
        await load(server, request),
        probe.statements,
        probe.body.errors ? `errors: ${probe.body.errors[0].message}` : '',
      );
    }
    if (cases.has('initiative')) {
      await fresh(uncached);
      const probe = await post(server.url, INITIATIVE_PAGE, { id: active[0].id });
      let i = 0;
      const request = {
        ...postRequest(INITIATIVE_PAGE, {}),
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ query: INITIATIVE_PAGE, variables: { id: active[(i += 7) % active.length].id } }),
        }),
      };
      record(
        'initiative page, updates(first: 8)',
        await load(server, request),
        probe.statements,
        probe.body.errors ? `errors: ${probe.body.errors[0].message}` : '',
      );
    }
    if (cases.has('writes')) {
      await fresh(uncached);
      // Free (initiative, period) slots: the quarters before the strategy and those after its end, up to now.
      const periods = [];
      for (let y = 2000; y <= Number(currentQuarter().slice(0, 4)); y++) {
        for (let q = 1; q <= 4; q++) {
          const period = `${y}-Q${q}`;
          if ((y < 2019 || y > 2025) && period <= currentQuarter()) periods.push(period);
        }
      }
      let slot = 0;
      const nextSlot = () => {
        const s = slot++;
        const initiative = active[s % active.length];
        return { initiative, period: periods[Math.floor(s / active.length) % periods.length] };
      };
      const saveBody = ({ initiative, period }) =>
        JSON.stringify({
          query: SAVE,
          variables: {
            input: {
              initiativeId: initiative.id,
              period,
              status: 'ON_TRACK',
              progressPercent: 40,
              summary: 'Arbeidet går etter planen.',
              achievements: 'Leveranse 1 ferdig.',
              nextSteps: 'Leveranse 2.',
              obstacles: ['CAPACITY'],
            },
          },
        });
      const authOf = (initiative) => `Bearer ${tokens.get(initiative.org_number)}`;
      const probeSlot = nextSlot();
      const saved = await post(
        server.url,
        SAVE,
        JSON.parse(saveBody(probeSlot)).variables,
        tokens.get(probeSlot.initiative.org_number),
      );
      const id = saved.body.data?.saveStatusUpdate?.id;
      const submitted = id
        ? await post(server.url, SUBMIT, { id }, tokens.get(probeSlot.initiative.org_number))
        : undefined;
      const statements = `${saved.statements} + ${submitted?.statements ?? '?'}`;
      if (!id || submitted?.body.errors) {
        const why = JSON.stringify(saved.body.errors ?? submitted?.body.errors).slice(0, 300);
        log(`writes: skipped, the mutations fail: ${why}`);
        results.cases.push({ name: 'write loop: saveStatusUpdate + submitStatusUpdate', skipped: why });
      } else {
        const request = {
          requests: [
            {
              method: 'POST',
              path: '/graphql',
              setupRequest: (req, context) => {
                const s = nextSlot();
                context.auth = authOf(s.initiative);
                return {
                  ...req,
                  headers: { ...req.headers, 'content-type': 'application/json', authorization: context.auth },
                  body: saveBody(s),
                };
              },
              onResponse: (status, body, context) => {
                context.id = /"id":"([^"]+)"/.exec(body)?.[1];
              },
            },
            {
              method: 'POST',
              path: '/graphql',
              setupRequest: (req, context) => ({
                ...req,
                headers: { ...req.headers, 'content-type': 'application/json', authorization: context.auth },
                body: JSON.stringify({
                  query: SUBMIT,
                  variables: { id: context.id ?? '00000000-0000-0000-0000-000000000000' },
                }),
              }),
            },
          ],
        };
        record(
          'write loop: saveStatusUpdate + submitStatusUpdate (each request one mutation)',
          await load(server, request),
          statements,
        );
      }
    }
    await server?.stop();
    server = undefined;

    if (cases.has('floor')) {
      pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
      pool.on('error', () => undefined); // idle clients cut off when the database stops
      const { rows } = await pool.query(FLOOR_SQL, [currentQuarter()]);
      results.floorMatches = compareFloor(rows[0].overview, results.portalProbe);
      if (warmup > 0) await measureFloor(pool, { connections, seconds: warmup, currentQuarter: currentQuarter() });
      const floor = await measureFloor(pool, { connections, seconds: duration, currentQuarter: currentQuarter() });
      results.floor = floor;
      log(
        `floor: ${floor.rps.toFixed(1)} req/s, p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms (same data as the server: ${results.floorMatches})`,
      );
      await pool.end();
      pool = undefined;
    }

    if (cases.has('portal-cached')) {
      await fresh({});
      const path = `/graphql?query=${encodeURIComponent(PORTAL)}`;
      const probe = await fetch(`${server.url}${path}`);
      await probe.text();
      const again = await fetch(`${server.url}${path}`);
      await again.text();
      const plain = await load(server, { method: 'GET', path, checkBodies: false });
      record(
        'portal query, cached (anonymous GET)',
        plain,
        Number(again.headers.get('x-sql-statements')),
        `Cache-Control: ${again.headers.get('cache-control')}; response cache ${again.headers.get('x-response-cache')}; ${kb(plain.bytesPerResponse)} per answer`,
      );
      // The same with brotli: kept compressed, sent as kept.
      const br = await fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'br' } });
      await br.arrayBuffer();
      const compressed = await load(server, {
        method: 'GET',
        path,
        headers: { 'accept-encoding': 'br' },
        checkBodies: false,
      });
      record(
        'portal query, cached, Accept-Encoding: br',
        compressed,
        0,
        `${kb(compressed.bytesPerResponse)} per answer (${((100 * compressed.bytesPerResponse) / Math.max(1, plain.bytesPerResponse)).toFixed(1)} % of plain)`,
      );
      // The same two with a client that does not decode the bodies (bench/http-load.mjs): at 5,000
      // initiatives autocannon's own work per byte, not the server, sets the pace of both.
      for (const [what, headers, of] of [
        ['portal query, cached (anonymous GET)', {}, plain],
        ['portal query, cached, Accept-Encoding: br', { 'accept-encoding': 'br' }, compressed],
      ]) {
        const measured = await load(server, { method: 'GET', path, headers, client: 'node:http' });
        record(
          `${what}, node:http client`,
          measured,
          0,
          `${kb(measured.bytesPerResponse)} of body per answer; autocannon: ${of.rps.toFixed(1)} req/s`,
        );
      }
      // A portal that polls with the ETag it holds: 304 and no body while nothing changed.
      const etag = again.headers.get('etag');
      const polled = await load(server, {
        method: 'GET',
        path,
        headers: { 'if-none-match': etag },
        checkBodies: false,
        expectStatus: 304,
      });
      record('portal query, polled with If-None-Match (304)', polled, 0, `${kb(polled.bytesPerResponse)} per answer`);
      await server.stop();
      server = undefined;
    }
  } finally {
    await server?.stop().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    jwks?.close();
    await replica?.stop().catch(() => undefined);
    replicaPid = undefined;
    await db.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

/** Waits until the primary's pg_stat_replication shows the replica streaming and the replica has replayed all. */
async function waitForStreaming(primaryUrl, replicaUrl) {
  const primary = new pg.Client({ connectionString: primaryUrl });
  const standby = new pg.Client({ connectionString: replicaUrl });
  await primary.connect();
  await standby.connect();
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const target = (await primary.query(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0].lsn;
      const { rows } = await primary.query(`SELECT state FROM pg_stat_replication`);
      const replayed = (await standby.query(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`, [target])).rows[0]
        .done;
      if (rows[0]?.state === 'streaming' && replayed) return;
      if (Date.now() > deadline) throw new Error('the replica does not stream');
      await new Promise((ok) => setTimeout(ok, 100));
    }
  } finally {
    await primary.end();
    await standby.end();
  }
}

/** Waits until the server's readiness shows its replica up (its monitor reached it). */
async function replicaUp(url) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const body = await fetch(`${url}/health/ready`).then(
      (res) => res.json(),
      () => undefined,
    );
    if (body?.details?.replicas?.['replica-1']?.state === 'up') return;
    if (Date.now() > deadline) throw new Error(`${url}: its replica is not up: ${JSON.stringify(body?.details)}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** Does the floor's JSON hold the same answer as the server's (counts and initiatives in order)? */
function compareFloor(floor, server) {
  if (!server) return 'not compared';
  const o = server.statusOverview;
  const same =
    floor.period === o.period &&
    floor.initiativeCount === o.initiativeCount &&
    floor.notReported === o.notReported &&
    JSON.stringify(floor.statusCounts) === JSON.stringify(o.statusCounts) &&
    JSON.stringify(
      floor.goals.map((g) => [
        g.goal.number,
        g.initiativeCount,
        g.statusCounts,
        g.initiatives.map((i) => [
          i.initiative.code,
          i.status,
          i.upToDate,
          i.update?.period ?? null,
          i.initiative.executingAgency.name,
        ]),
      ]),
    ) ===
      JSON.stringify(
        o.goals.map((g) => [
          g.goal.number,
          g.initiativeCount,
          g.statusCounts,
          g.initiatives.map((i) => [
            i.initiative.code,
            i.status,
            i.upToDate,
            i.update?.period ?? null,
            i.initiative.executingAgency.name,
          ]),
        ]),
      );
  return same ? 'yes' : 'NO';
}

function kb(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function report(all) {
  const lines = [];
  lines.push(
    `Benchmark: ${connections} connections, ${warmup} s warm-up, ${duration} s measured; ${instances} server process${instances > 1 ? 'es' : ''}${withReplica ? ' on a primary and one streaming replica (DATABASE_REPLICA_URLS)' : ''}; node ${process.version}; ${new Date().toISOString()}`,
  );
  for (const r of all) {
    lines.push('');
    lines.push(
      `### ${r.initiatives} initiatives (${r.generated.updates} status updates, ${r.generated.approved} approved; generated in ${r.generated.seconds.toFixed(1)} s)`,
    );
    lines.push('');
    lines.push(
      '| case | requests/s | p50 ms | p99 ms | SQL statements/request | server CPU ms/request | server peak RSS MB | notes |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const c of r.cases) {
      if (c.skipped) {
        lines.push(`| ${c.name} | - | - | - | - | - | - | skipped: ${c.skipped} |`);
        continue;
      }
      const cpu = c.cpuMsPerRequest;
      const notes = [
        c.note,
        c.failed ? `${c.failed} failed requests` : '',
        cpu && Number.isFinite(cpu.postgres)
          ? `PostgreSQL CPU ${cpu.postgres.toFixed(2)} ms/request${Number.isFinite(cpu.replica) ? ` on the primary + ${cpu.replica.toFixed(2)} on the replica` : ''}`
          : '',
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(
        `| ${c.name} | ${c.rps.toFixed(1)} | ${c.p50} | ${c.p99} | ${c.statements} | ${c.cpuPerRequest.toFixed(1)} | ${c.rss.hwm.toFixed(0)} | ${notes} |`,
      );
    }
    if (r.floor) {
      lines.push(
        `| floor: portal data in one SQL statement (json_agg) via pg | ${r.floor.rps.toFixed(1)} | ${r.floor.p50.toFixed(2)} | ${r.floor.p99.toFixed(2)} | 1 | - | - | same data as the server: ${r.floorMatches} |`,
      );
      const portal = r.cases.find((c) => c.name.startsWith('portal query, uncached'));
      if (portal)
        lines.push(
          '',
          `Uncached portal p50 / floor p50 = ${(portal.p50 / r.floor.p50).toFixed(2)} (target: at most 3)`,
        );
    }
    const portal = r.cases.find((c) => c.name.startsWith('portal query, uncached'));
    const timeline = r.cases.find((c) => c.name.startsWith('statusTimeline'));
    if (portal && timeline)
      lines.push(
        '',
        `statusTimeline p50 / uncached portal p50 = ${(timeline.p50 / portal.p50).toFixed(2)} (target: at most 3)`,
      );
  }
  if (all.length > 1) {
    const listing = all.map((r) => r.cases.find((c) => c.name.startsWith('initiatives(first: 50)')));
    if (listing.every((c) => c && !c.skipped)) {
      lines.push(
        '',
        `Listing p50 at ${all[all.length - 1].initiatives} / at ${all[0].initiatives}: ${(listing[listing.length - 1].p50 / listing[0].p50).toFixed(2)} (target: at most 1.5)`,
      );
    }
  }
  const peak = Math.max(...all.flatMap((r) => r.cases.filter((c) => c.rss).map((c) => c.rss.hwm)));
  lines.push('', `Server peak RSS over all cases: ${peak.toFixed(0)} MB (target: under 400 MB)`);
  return lines.join('\n');
}

async function main() {
  if (!args['no-build']) buildServer(dist, log);
  if (!existsSync(join(dist, 'src/main.js'))) throw new Error(`${dist}/src/main.js is missing: run without --no-build`);
  const all = [];
  for (const size of sizes) all.push(await runSize(size));
  process.stdout.write(`${report(all)}\n`);
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
