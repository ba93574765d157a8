#!/usr/bin/env node
// The soak run: `node bench/soak.mjs [--duration 300] [--initiatives 500] [--workers 8]`. Not part of `npm test`.
//
// Starts a throw-away embedded PostgreSQL, generates a plan (bench/generate.mjs), starts the COMPILED server as
// its own process and drives it for --duration seconds (5 minutes by default) with a fixed number of closed-loop
// workers (each sends its next request when the last one is answered, so the load is bounded), all on loopback:
//   reads  — the portal's status overview (POST, and GET through the response cache), initiatives by goal,
//            an initiative's page with its updates;
//   writes — an owner saves a quarterly update, edits it, submits it, and a reviewer approves it (4 mutations).
// Then it stops by itself (SIGTERM to the server, which must exit 0) and prints, per --window seconds: requests,
// errors, p50 and p99 latency and the server's RSS; and the RSS at start, at the end and its peak (VmHWM).
// Every answer is checked: a non-200 status or a GraphQL error counts as an error (expected: 0).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generatePlan } from './generate.mjs';
import {
  build as buildServer,
  createMigratedDatabase,
  freePort,
  memory,
  ROOT,
  startServer as startServerProcess,
} from './server-process.mjs';

const PORTAL = readFileSync(join(ROOT, 'bench/portal.graphql'), 'utf8');
const LISTING = `query Listing($goal: ID!) {
  initiatives(filter: { goalId: $goal }, first: 50) { totalCount edges { node { id code title currentStatus executingAgency { name } } } }
}`;
const INITIATIVE_PAGE = `query InitiativePage($id: ID!) {
  initiative(id: $id) {
    id code title summary lifecycle goals { number title } executingAgency { name shortName } currentStatus
    updates(first: 8) { totalCount edges { node { period status progressPercent summary obstacles publishedAt } } }
  }
}`;
const SAVE = `mutation Save($input: SaveStatusUpdateInput!) { saveStatusUpdate(input: $input) { id state version } }`;
const SUBMIT = `mutation Submit($id: ID!) { submitStatusUpdate(id: $id) { id state } }`;
const APPROVE = `mutation Approve($id: ID!) { approveStatusUpdate(id: $id, comment: "Godkjent i soak-testen") { id state } }`;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '300' },
    initiatives: { type: 'string', default: '500' },
    workers: { type: 'string', default: '8' },
    window: { type: 'string', default: '30' },
    'write-share': { type: 'string', default: '0.2' },
    'no-build': { type: 'boolean', default: false },
    dist: { type: 'string', default: 'bench/.out/soak-dist' },
  },
});
const duration = Number(args.duration);
const windowSeconds = Number(args.window);
const workers = Number(args.workers);
const writeShare = Number(args['write-share']);
const dist = resolve(ROOT, args.dist);
for (const [name, value] of Object.entries({
  duration,
  window: windowSeconds,
  workers,
  initiatives: Number(args.initiatives),
})) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
}
if (!(writeShare >= 0 && writeShare <= 1)) throw new Error('--write-share must be from 0 to 1');

const log = (message) => process.stderr.write(`[soak] ${message}\n`);

const startServer = (env) => startServerProcess(dist, env, { log });

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  if (!args['no-build']) buildServer(dist, log);
  if (!existsSync(join(dist, 'src/main.js'))) throw new Error(`${dist}/src/main.js is missing: run without --no-build`);
  const distModule = (path) => import(pathToFileURL(join(dist, path)).href);
  const { EmbeddedDatabase } = await distModule('src/database/embedded-database.js');
  const { dataSourceOptions } = await distModule('src/database/data-source-options.js');
  const { loadOrCreateDevKey, signDevToken } = await distModule('src/auth/dev-key.js');
  const { currentQuarter } = await distModule('src/common/quarter.js');
  const { DataSource } = await import('typeorm');

  const dataDir = mkdtempSync(join(tmpdir(), 'hp-soak-'));
  chmodSync(dataDir, 0o755);
  const db = new EmbeddedDatabase({ dataDir: join(dataDir, 'db'), port: await freePort(), persistent: false });
  let server;
  try {
    log(`starting PostgreSQL under ${dataDir}`);
    await db.start();
    const databaseUrl = await createMigratedDatabase(db, 'soak', { DataSource, dataSourceOptions, pg });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const generated = await generatePlan(client, { initiatives: Number(args.initiatives) });
    log(`generated ${JSON.stringify(generated)}`);
    const goals = (await client.query(`SELECT id FROM goal ORDER BY number`)).rows.map((r) => r.id);
    const active = (
      await client.query(
        `SELECT i.id, o.org_number FROM initiative i JOIN organization o ON o.id = i.executing_agency_id WHERE i.lifecycle = 'ACTIVE' ORDER BY i.code`,
      )
    ).rows;
    await client.end();

    const appData = join(dataDir, 'app');
    const jwk = await loadOrCreateDevKey(appData);
    const ownerTokens = new Map();
    for (const { org_number: org } of active) {
      if (!ownerTokens.has(org))
        ownerTokens.set(
          org,
          await signDevToken(jwk, { subject: `owner-${org}`, roles: ['OWNER'], org, expiresIn: '2h' }),
        );
    }
    const reviewerToken = await signDevToken(jwk, { subject: 'soak-reviewer', roles: ['REVIEWER'], expiresIn: '2h' });

    // Free (initiative, period) slots: quarters before the generated plan's years (2019-2025) and after it, up
    // to the current quarter. Each write cycle uses one slot.
    const periods = [];
    for (let y = 2000; y <= Number(currentQuarter().slice(0, 4)); y++) {
      for (let q = 1; q <= 4; q++) {
        const period = `${y}-Q${q}`;
        if ((y < 2019 || y > 2025) && period <= currentQuarter()) periods.push(period);
      }
    }
    const slots = active.length * periods.length;
    let slot = 0;

    server = await startServer({
      // Development sign-in, so the soak can sign owner and reviewer tokens with the local key.
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      DATA_DIR: appData,
      DEMO_DATA: 'false',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      // The limits stay on (their counters are part of what must not grow) but high enough for one client.
      RATE_LIMIT_READS: '10000000',
      RATE_LIMIT_WRITES: '1000000',
    });
    log(
      `server at ${server.url} (pid ${server.pid}); ${workers} workers for ${duration} s, windows of ${windowSeconds} s`,
    );

    const stats = { windows: [], errors: new Map(), total: 0, writes: 0 };
    const startedAt = performance.now();
    const endAt = startedAt + duration * 1000;
    let current = { latencies: [], errors: 0, requests: 0, writes: 0 };
    const startMemory = memory(server.pid);
    const closeWindow = (partial = false) => {
      const sorted = current.latencies.sort((a, b) => a - b);
      const mem = memory(server.pid);
      stats.windows.push({
        end: `${Math.round((performance.now() - startedAt) / 1000)}${partial ? ' (rest)' : ''}`,
        requests: current.requests,
        writes: current.writes,
        errors: current.errors,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        rss: mem.rss,
      });
      const w = stats.windows[stats.windows.length - 1];
      log(
        `${String(w.end).padStart(4)} s: ${w.requests} requests (${w.writes} writes), ${w.errors} errors, p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms, RSS ${w.rss.toFixed(0)} MB`,
      );
      current = { latencies: [], errors: 0, requests: 0, writes: 0 };
    };
    const ticker = setInterval(() => closeWindow(), windowSeconds * 1000);

    const call = async (kind, init, path = '/graphql') => {
      const t0 = performance.now();
      let error;
      let data;
      try {
        const res = await fetch(`${server.url}${path}`, init);
        const text = await res.text();
        if (res.status !== 200) error = `${kind}: HTTP ${res.status} ${text.slice(0, 200)}`;
        else {
          const body = JSON.parse(text);
          if (body.errors)
            error = `${kind}: ${body.errors
              .map((e) => `${e.extensions?.code} ${e.message}`)
              .join('; ')
              .slice(0, 200)}`;
          data = body.data;
        }
      } catch (e) {
        error = `${kind}: ${e.cause?.code ?? e.message}`;
      }
      current.latencies.push(performance.now() - t0);
      current.requests += 1;
      stats.total += 1;
      if (kind.startsWith('write')) {
        current.writes += 1;
        stats.writes += 1;
      }
      if (error) {
        current.errors += 1;
        stats.errors.set(error, (stats.errors.get(error) ?? 0) + 1);
      }
      return data;
    };
    const post = (kind, query, variables, token) =>
      call(kind, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
    const portalGet = `/graphql?query=${encodeURIComponent(PORTAL)}`;

    let n = 0;
    const writeCycle = async () => {
      if (slot >= slots) return post('read portal', PORTAL, {});
      const s = slot++;
      const initiative = active[s % active.length];
      const period = periods[Math.floor(s / active.length)];
      const owner = ownerTokens.get(initiative.org_number);
      const input = {
        initiativeId: initiative.id,
        period,
        status: 'ON_TRACK',
        progressPercent: 40,
        summary: 'Arbeidet går etter planen. Æøå 👍🏽',
        obstacles: ['CAPACITY'],
      };
      const saved = await post('write save', SAVE, { input }, owner);
      const id = saved?.saveStatusUpdate?.id;
      if (!id) return;
      await post(
        'write save (edit)',
        SAVE,
        { input: { ...input, progressPercent: 60, expectedVersion: saved.saveStatusUpdate.version } },
        owner,
      );
      await post('write submit', SUBMIT, { id }, owner);
      await post('write approve', APPROVE, { id }, reviewerToken);
    };
    const worker = async () => {
      while (performance.now() < endAt) {
        const i = n++;
        const r = (i * 0.6180339887) % 1; // an even, repeatable spread of kinds
        if (r < writeShare / 4)
          await writeCycle(); // a cycle is 4 writes, so writes are about writeShare of requests
        else if (r < 0.45) await post('read portal', PORTAL, {});
        else if (r < 0.55) await call('read portal GET (cached)', {}, portalGet);
        else if (r < 0.8) await post('read listing', LISTING, { goal: goals[i % goals.length] });
        else await post('read initiative', INITIATIVE_PAGE, { id: active[(i * 7) % active.length].id });
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    clearInterval(ticker);
    if (current.requests > 0) closeWindow(true);
    const endMemory = memory(server.pid);
    const exitedEarly = server.exitedEarly();
    const exitCode = await server.stop();
    server = undefined;

    const errors = [...stats.errors.values()].reduce((a, b) => a + b, 0);
    const lines = [];
    lines.push(
      `Soak: ${duration} s, ${workers} closed-loop workers on loopback, ${generated.initiatives ?? args.initiatives} initiatives; node ${process.version}; ${new Date().toISOString()}`,
    );
    lines.push('');
    lines.push(
      `Requests: ${stats.total} (${(stats.total / duration).toFixed(1)}/s), of them writes: ${stats.writes}; errors: ${errors}`,
    );
    for (const [message, count] of stats.errors) lines.push(`  ${count} × ${message}`);
    lines.push('');
    lines.push(`| window end (s) | requests | writes | errors | p50 ms | p99 ms | RSS MB |`);
    lines.push(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
    for (const w of stats.windows)
      lines.push(
        `| ${w.end} | ${w.requests} | ${w.writes} | ${w.errors} | ${w.p50.toFixed(1)} | ${w.p99.toFixed(1)} | ${w.rss.toFixed(0)} |`,
      );
    lines.push('');
    lines.push(
      `Server RSS: start ${startMemory.rss.toFixed(0)} MB, end ${endMemory.rss.toFixed(0)} MB, peak ${endMemory.hwm.toFixed(0)} MB`,
    );
    const rss = stats.windows.map((w) => w.rss);
    if (rss.length >= 4) {
      const half = Math.floor(rss.length / 2);
      const firstHalf = Math.max(...rss.slice(0, half));
      const secondHalf = Math.max(...rss.slice(half));
      lines.push(
        `Highest RSS in the first half ${firstHalf.toFixed(0)} MB, in the second half ${secondHalf.toFixed(0)} MB (growth ${(secondHalf - firstHalf).toFixed(0)} MB)`,
      );
    }
    lines.push(
      exitedEarly
        ? `The server EXITED DURING THE RUN (code ${exitCode}): see the log above`
        : `Server exit code after SIGTERM: ${exitCode}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    if (errors > 0 || exitCode !== 0 || exitedEarly) process.exitCode = 1;
  } finally {
    await server?.stop().catch(() => undefined);
    await db.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`[soak] failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
