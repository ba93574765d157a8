#!/usr/bin/env node
// The abuse run (issue 9, findings 1-5): `node bench/abuse.mjs [--dist DIR] [--label before|after]`.
// Not part of `npm test`. Everything runs on 127.0.0.1, and every loop is bounded in count and in time.
//
// Starts a throw-away embedded PostgreSQL, generates a plan (bench/generate.mjs, 5,000 initiatives by
// default), then for each attack starts a fresh COMPILED server process in production mode (heap capped at
// 2 GB, so a server that runs away dies instead of taking the machine), warms it up, measures the portal
// client alone (bench/portal.graphql as an anonymous GET, answered from the response cache), then runs the
// attack for its time (below; --duration sets one for all) while the portal client keeps sending its query on
// one connection. Prints, per attack: the server's peak RSS (VmHWM, sampled, since a dead process has no
// /proc), the CPU the server used (one core's worth is all its JavaScript thread can have), the portal
// client's unloaded p50 and its p50/max during the attack, its failures (non-2xx, GraphQL errors, network
// errors, timeouts), and what the attacker's requests got. A server that dies ends its attack early; that
// is reported as the outcome.
//
// The attacker and the portal client come from different addresses: each request carries X-Forwarded-For
// (documentation addresses), which the server honours from loopback ('trust proxy'), as behind a load
// balancer. Rate limits per address are off (RATE_LIMIT_READS=0), as in the probe that found these.
import { execFileSync } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer as createHttpServer, request } from 'node:http';
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
  resetPeakRss,
  ROOT,
  startServer,
} from './server-process.mjs';

const DEFAULT_DIST = 'bench/.out/dist';
const { values: args } = parseArgs({
  options: {
    dist: { type: 'string', default: DEFAULT_DIST },
    label: { type: 'string' },
    initiatives: { type: 'string', default: '5000' },
    duration: { type: 'string' },
    unloaded: { type: 'string', default: '4' },
    attacks: { type: 'string', default: '1,2,3,4,5' },
    heap: { type: 'string', default: '2048' },
    // Keeps each server's last output (20 KB) as DIR/attack-N.log.
    'server-logs': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const dist = resolve(ROOT, args.dist);
const label = args.label ?? (args.dist === DEFAULT_DIST ? 'this checkout' : args.dist);
const duration = args.duration === undefined ? undefined : Number(args.duration);
const unloadedSeconds = Number(args.unloaded);
const selected = new Set(args.attacks.split(',').map(Number));

const PORTAL = readFileSync(join(ROOT, 'bench/portal.graphql'), 'utf8');
const PORTAL_PATH = `/graphql?query=${encodeURIComponent(PORTAL)}`;
const PORTAL_CLIENT_ADDRESS = '198.51.100.7';
const ATTACKER_ADDRESS = '203.0.113.66';
const RESPONSE_CACHE_TTL_S = 30; // the server's default, which this run keeps
const PORTAL_TIMEOUT_MS = 30000;
const ATTACK_REQUEST_TIMEOUT_MS = 120000;
const MAX_REQUESTS_PER_LOOP = 200000;

const log = (message) => process.stderr.write(`[abuse] ${message}\n`);

/**
 * One HTTP request over `agent`. Keeps only the first and last bytes of the answer (attack answers can be
 * hundreds of MB) and resolves, never rejects, with the status or the network error and the time to the last byte.
 */
function send(agent, base, { method = 'GET', path = '/graphql', headers = {}, body, timeoutMs, signal }) {
  const HEAD = 4096;
  const TAIL = 256;
  const started = performance.now();
  return new Promise((resolvePromise) => {
    let settled = false;
    let timer;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise({ ms: performance.now() - started, ...result });
    };
    const failed = (error) =>
      finish({ error: signal?.aborted ? 'cut off at the end' : (error.code ?? error.name ?? 'error') });
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        signal,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let head = Buffer.alloc(0);
        let tail = Buffer.alloc(0);
        let bytes = 0;
        res.on('data', (chunk) => {
          bytes += chunk.length;
          if (head.length < HEAD) head = Buffer.concat([head, chunk.subarray(0, HEAD - head.length)]);
          tail =
            chunk.length >= TAIL ? Buffer.from(chunk.subarray(-TAIL)) : Buffer.concat([tail, chunk]).subarray(-TAIL);
        });
        res.on('end', () => finish({ status: res.statusCode, head: head.toString(), tail: tail.toString(), bytes }));
        res.on('error', failed);
        res.on('close', () => failed({ code: 'ECONNRESET' }));
      },
    );
    req.on('error', failed);
    timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })), timeoutMs);
    req.end(body);
  });
}

/** What an answer was, in a few words: `200`, `400 BAD_USER_INPUT`, `ECONNRESET`, ... */
function outcomeOf(r) {
  if (r.error) return r.error;
  // Apollo writes `errors` before `data`, so an error answer shows it in its first bytes.
  if (!r.head.startsWith('{"errors"')) return String(r.status);
  return `${r.status} ${/"code":"([A-Z_]+)"/.exec(r.head)?.[1] ?? 'error'}`;
}

const portalFailure = (r) =>
  r.error || r.status !== 200 || r.head.startsWith('{"errors"') || !r.head.startsWith('{"data":{"statusOverview"')
    ? outcomeOf(r)
    : undefined;

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const portalFailuresCount = (failures) => [...failures.values()].reduce((a, b) => a + b, 0);
const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
const describeCounts = (map) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ') || 'none';

/** The portal page's reader: its query again and again on one keep-alive connection, while `active()`. */
async function portalClient(url, active) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies = [];
  const sentAt = [];
  const failures = new Map();
  try {
    while (active() && latencies.length < MAX_REQUESTS_PER_LOOP) {
      sentAt.push(Date.now());
      const r = await send(agent, url, {
        path: PORTAL_PATH,
        headers: { 'x-forwarded-for': PORTAL_CLIENT_ADDRESS },
        timeoutMs: PORTAL_TIMEOUT_MS,
      });
      latencies.push(r.ms);
      const failure = portalFailure(r);
      if (failure) count(failures, failure);
      if (r.error && !active()) break;
    }
  } finally {
    agent.destroy();
  }
  return { latencies, sentAt, failures };
}

/** The portal client's latencies per 5 s of the attack, for the log: where in the attack they were slow. */
function perWindow({ latencies, sentAt }, started) {
  const windows = [];
  latencies.forEach((ms, i) => {
    const w = Math.floor((sentAt[i] - started) / 5000);
    (windows[w] ??= []).push(ms);
  });
  return windows
    .map((w, i) =>
      w
        ? `${i * 5}-${i * 5 + 5} s: ${w.length}, p50 ${percentile(w, 50).toFixed(0)}, max ${Math.max(...w).toFixed(0)}`
        : '',
    )
    .filter(Boolean)
    .join('; ');
}

// ---------------------------------------------------------------------------------------------------------
// The attacks. Each gets `attacker`: `post(body)` sends one anonymous POST from the attacker's address and
// counts what it got; `loop(connections, next)` runs that many connections in a closed loop, each sending
// `next()` until the attack is over or `next()` returns undefined.

/** Finding 1: 97 aliases of statusOverview, each asking for every initiative's long texts (~15 KB). */
function longTextAliases(attacker) {
  const alias = (i) =>
    `a${i}: statusOverview { period goals { goal { number title } initiatives { status ` +
    `initiative { code title summary description } update { period summary achievements nextSteps risks } } } }`;
  const query = `query LongTexts {\n${Array.from({ length: 97 }, (_, i) => alias(i)).join('\n')}\n}`;
  const body = JSON.stringify({ query });
  log(`attack 1 sends ${(body.length / 1024).toFixed(1)} KB per request`);
  return attacker.loop(3, () => body);
}

/** Finding 2: one caller floods uncached overviews: the portal's own query for other quarters, each its own alias. */
function overviewFlood(attacker, { periods }) {
  let n = 0;
  return attacker.loop(24, () => {
    const i = n++;
    const query = PORTAL.replace('statusOverview(period: $period)', `o${i}: statusOverview(period: $period)`);
    return JSON.stringify({ query, variables: { period: periods[i % periods.length] } });
  });
}

/** Finding 3: 1,000 `{ __typename }` documents, each with its own 900 KB comment. */
function paddedDocuments(attacker) {
  const padding = 'x'.repeat(900 * 1024);
  let n = 0;
  return attacker.loop(4, () =>
    n < 1000 ? JSON.stringify({ query: `{ __typename }\n# ${n++} ${Math.random()} ${padding}` }) : undefined,
  );
}

/** Finding 4: six clients, each looping 100 aliases of a count of a search, `first: 0`. */
function countAliases(attacker) {
  const words = ['tjenester', 'data', 'kommunene', 'veiledning', 'næringslivet', 'erfaringer', 'løsning', 'helse'];
  let n = 0;
  return attacker.loop(6, () => {
    const r = n++;
    const alias = (i) =>
      `c${r}_${i}: initiatives(first: 0, filter: { search: "${words[i % words.length]} ${words[(i + r) % words.length]}" }) { totalCount }`;
    return JSON.stringify({ query: `{\n${Array.from({ length: 100 }, (_, i) => alias(i)).join('\n')}\n}` });
  });
}

/** Finding 5: ten anonymous mutations a second, half `mutation { __typename }`, half refused ones. */
async function mutationsEmptyingCache(attacker) {
  const bodies = [
    JSON.stringify({ query: 'mutation { __typename }' }),
    JSON.stringify({ query: 'mutation { submitStatusUpdate(id: "00000000-0000-0000-0000-000000000000") { id } }' }),
  ];
  const inFlight = new Set();
  for (let i = 0; attacker.active() && i < MAX_REQUESTS_PER_LOOP; i++) {
    if (inFlight.size < 50) {
      const sent = attacker.post(bodies[i % 2]).finally(() => inFlight.delete(sent));
      inFlight.add(sent);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(inFlight);
}

// How long each runs. Attack 1 long enough for one request to end on the old code (the probe's took 63 s);
// attack 2 past the portal's cached answer's TTL, so that the portal client must build its overview too,
// beside the flood; attack 3 is bounded by its count, its time only a cap in case the server crawls.
const ATTACKS = [
  { n: 1, seconds: 75, name: '97 statusOverview aliases with long texts, 3 connections', run: longTextAliases },
  { n: 2, seconds: 45, name: 'uncached overviews for distinct quarters, 24 connections', run: overviewFlood },
  {
    n: 3,
    seconds: 120,
    name: '1,000 `{ __typename }` with distinct 900 KB comments, 4 connections',
    run: paddedDocuments,
  },
  { n: 4, seconds: 20, name: '6 clients × 100 aliases of `initiatives(first: 0, search)`', run: countAliases },
  { n: 5, seconds: 20, name: '10 anonymous mutations a second', run: mutationsEmptyingCache },
];
const maxSeconds = (attack) => duration ?? attack.seconds;

// ---------------------------------------------------------------------------------------------------------

async function runAttack(attack, env, context) {
  const server = await startServer(dist, env, { log });
  const attackerAgent = new Agent({ keepAlive: true });
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per attacker request in flight
  let sampler;
  try {
    // Warm-up: the first GET builds the overview and fills the response cache; the rest are hits.
    const filled = await send(undefined, server.url, { path: PORTAL_PATH, timeoutMs: 120000 });
    if (portalFailure(filled)) throw new Error(`the portal query fails: ${outcomeOf(filled)} ${filled.head}`);
    const filledAt = Date.now();
    for (let i = 0; i < 20; i++) await send(undefined, server.url, { path: PORTAL_PATH, timeoutMs: PORTAL_TIMEOUT_MS });
    const rssAfterWarmup = memory(server.pid).rss;

    const unloadedUntil = Date.now() + unloadedSeconds * 1000;
    const unloaded = await portalClient(server.url, () => Date.now() < unloadedUntil);
    if (portalFailuresCount(unloaded.failures) > 0)
      log(`the portal query failed unloaded: ${describeCounts(unloaded.failures)}`);

    resetPeakRss(server.pid);
    let peak = memory(server.pid).hwm;
    const cpuAtStart = cpuSeconds(server.pid);
    let cpu = cpuAtStart;
    const started = Date.now();
    let died;
    sampler = setInterval(() => {
      const { hwm } = memory(server.pid);
      if (hwm > peak) peak = hwm;
      cpu = cpuSeconds(server.pid) || cpu;
      if (!died && server.exitedEarly()) {
        died = { seconds: (Date.now() - started) / 1000, ...server.exitStatus() };
        stop.abort();
      }
    }, 200);
    const deadline = setTimeout(() => stop.abort(), maxSeconds(attack) * 1000);

    const got = new Map();
    const active = () => !stop.signal.aborted;
    const post = async (body) => {
      const r = await send(attackerAgent, server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ATTACKER_ADDRESS },
        body,
        timeoutMs: ATTACK_REQUEST_TIMEOUT_MS,
        signal: stop.signal,
      });
      count(got, outcomeOf(r));
      return r;
    };
    const loop = (connections, next) =>
      Promise.all(
        Array.from({ length: connections }, async () => {
          for (let i = 0; active() && i < MAX_REQUESTS_PER_LOOP; i++) {
            const body = next();
            if (body === undefined) return;
            await post(body);
          }
        }),
      );
    log(`attack ${attack.n} (${label}): ${attack.name}`);
    const portal = portalClient(server.url, active);
    await attack.run({ post, loop, active }, context);
    const attackSeconds = (Date.now() - started) / 1000;
    stop.abort(); // attack 3 ends by its count; the portal client stops with it
    clearTimeout(deadline);
    const during = await portal;
    clearInterval(sampler);
    const { hwm } = memory(server.pid);
    if (hwm > peak) peak = hwm;
    cpu = cpuSeconds(server.pid) || cpu;
    const seconds = died?.seconds ?? attackSeconds;

    const row = {
      attack: attack.n,
      name: attack.name,
      label,
      peakRss: peak,
      unloadedP50: percentile(unloaded.latencies, 50),
      p50: percentile(during.latencies, 50),
      max: Math.max(...during.latencies),
      requests: during.latencies.length,
      failures: during.failures,
      attacker: got,
      seconds,
      cpuShare: (cpu - cpuAtStart) / seconds,
      outcome: died
        ? `server died after ${died.seconds.toFixed(1)} s (${died.signal ?? `exit ${died.code}`}${deathReason(server.output())})`
        : 'server up',
    };
    // The portal's answer expiring by its TTL is a miss that no attack caused; say so where it happened.
    if ((during.sentAt.at(-1) - filledAt) / 1000 >= RESPONSE_CACHE_TTL_S)
      row.outcome += `; the portal's cached answer expired by its TTL ${(RESPONSE_CACHE_TTL_S - (started - filledAt) / 1000).toFixed(0)} s into the attack`;
    log(
      `attack ${attack.n}: ${seconds.toFixed(0)} s, RSS after warm-up ${rssAfterWarmup.toFixed(0)} MB, peak RSS ${row.peakRss.toFixed(0)} MB, server CPU ${(row.cpuShare * 100).toFixed(0)} %; portal unloaded p50 ${row.unloadedP50.toFixed(1)} ms, ` +
        `during p50 ${row.p50.toFixed(1)} ms max ${row.max.toFixed(0)} ms over ${row.requests} requests, ` +
        `failures: ${describeCounts(row.failures)}; attacker got: ${describeCounts(got)}; ${row.outcome}`,
    );
    if (args['server-logs']) {
      mkdirSync(args['server-logs'], { recursive: true });
      writeFileSync(join(args['server-logs'], `attack-${attack.n}.log`), server.output());
    }
    const errors = serverErrors(server.output());
    if (errors) log(`attack ${attack.n}: errors in the server's last 20 KB of output: ${errors}`);
    log(`attack ${attack.n}: portal ms per 5 s of the attack (requests, p50, max): ${perWindow(during, started)}`);
    return row;
  } finally {
    clearInterval(sampler);
    stop.abort();
    attackerAgent.destroy();
    await server.stop({ killAfterMs: 5000 });
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
  } catch {
    return 100;
  }
})();

/** User and system CPU seconds the process has used (Linux /proc; 0 when it is gone). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime: fields 14 and 15
  } catch {
    return 0;
  }
}

/** The errors the server logged (pino level 50 and up, and Apollo's own), distinct, in a few words. */
function serverErrors(output) {
  const seen = new Map();
  for (const line of output.split('\n')) {
    // Apollo writes its own line for an error outside resolvers (a RangeError serialising an answer).
    if (!/"level":(5|6)\d|^Unexpected error/.test(line)) continue;
    // Apollo wraps a resolver's error; its own name and message are further on in the line.
    const inner = /(?:Range|Type|Reference|Syntax)Error: [^"\\]{0,120}/.exec(line)?.[0];
    const message = /"message":"([^"\\]{0,120})/.exec(line)?.[1] ?? /"msg":"([^"\\]{0,120})/.exec(line)?.[1];
    count(seen, inner ?? message ?? line.slice(0, 120));
  }
  return seen.size ? describeCounts(seen) : '';
}

/** The line of the server's last output that says why it died, if there is one. */
function deathReason(output) {
  const line = /FATAL ERROR[^\n]*|RangeError[^\n]*|out of memory[^\n]*/.exec(output)?.[0];
  return line ? `: "${line.trim().slice(0, 120)}"` : '';
}

function report(rows, generated) {
  const ms = (v) => (Number.isFinite(v) ? (v < 100 ? v.toFixed(1) : v.toFixed(0)) : '-');
  const lines = [
    `Abuse run (${label}): ${generated.initiatives} initiatives (${generated.updates} status updates), ` +
      `each attack for ${ATTACKS.map((a) => `${a.n}: ${maxSeconds(a)} s`).join(', ')} (attack 3: or its 1,000 requests), ` +
      `server heap capped at ${args.heap} MB; node ${process.version}; ${new Date().toISOString()}`,
    '',
    '| attack | code | attack s | server peak RSS MB | server CPU | portal p50 unloaded ms | portal p50 during ms | portal max during ms | portal requests | portal failures | attacker got | outcome |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.attack}. ${r.name} | ${r.label} | ${r.seconds.toFixed(0)} | ${r.peakRss.toFixed(0)} | ${(r.cpuShare * 100).toFixed(0)} % | ${ms(r.unloadedP50)} | ${ms(r.p50)} | ${ms(r.max)} | ` +
        `${r.requests} | ${describeCounts(r.failures)} | ${describeCounts(r.attacker)} | ${r.outcome} |`,
    );
  }
  lines.push('');
  const worst = Math.max(...rows.map((r) => r.peakRss));
  lines.push(`Peak RSS over all attacks: ${worst.toFixed(0)} MB (target: under 600 MB)`);
  for (const r of rows) {
    const failures = portalFailuresCount(r.failures);
    lines.push(
      `Attack ${r.attack}: portal p50 during / unloaded = ${(r.p50 / r.unloadedP50).toFixed(2)}, max / unloaded p50 = ` +
        `${(r.max / r.unloadedP50).toFixed(1)} (target: within 2); ${failures} failed (target: 0)`,
    );
  }
  return lines.join('\n');
}

async function main() {
  for (const [name, value] of Object.entries({
    duration: duration ?? 1,
    unloaded: unloadedSeconds,
    heap: Number(args.heap),
  })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  }
  // Only this checkout is compiled here; another checkout's dist (the code before a change) is used as it is.
  if (args.dist === DEFAULT_DIST && !args['no-build']) buildServer(dist, log);
  if (!existsSync(join(dist, 'src/main.js'))) throw new Error(`${dist}/src/main.js is missing`);
  const distModule = (path) => import(pathToFileURL(join(dist, path)).href);
  const { EmbeddedDatabase } = await distModule('src/database/embedded-database.js');
  const { dataSourceOptions } = await distModule('src/database/data-source-options.js');
  const { loadOrCreateDevKey, publicPart } = await distModule('src/auth/dev-key.js');
  const { DEV_AUDIENCE, DEV_ISSUER } = await distModule('src/config/app-config.js');
  const { currentQuarter } = await distModule('src/common/quarter.js');
  const { DataSource } = await import('typeorm');

  const dataDir = mkdtempSync(join(tmpdir(), 'hp-abuse-'));
  chmodSync(dataDir, 0o755);
  const db = new EmbeddedDatabase({ dataDir: join(dataDir, 'db'), port: await freePort(), persistent: false });
  // Older code named the superuser's URL `urlFor`.
  const dbUrls = { superuserUrlFor: (name) => (db.superuserUrlFor ? db.superuserUrlFor(name) : db.urlFor(name)) };
  let jwks;
  try {
    log(`starting PostgreSQL under ${dataDir}`);
    await db.start();
    const databaseUrl = await createMigratedDatabase(dbUrls, 'abuse', { DataSource, dataSourceOptions, pg });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const generated = {
      initiatives: Number(args.initiatives),
      ...(await generatePlan(client, { initiatives: Number(args.initiatives) })),
    };
    await client.end();
    log(`generated ${JSON.stringify(generated)}`);

    // Production mode needs an identity provider; nobody signs in here, but the server must have its keys.
    const appData = join(dataDir, 'app');
    const jwk = await loadOrCreateDevKey(appData);
    jwks = createHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicPart(jwk)] }));
    });
    await new Promise((ok) => jwks.listen(0, '127.0.0.1', ok));
    // Only settings that the code before the abuse fixes knows too; everything else at its default.
    const env = {
      NODE_ENV: 'production',
      NODE_OPTIONS: `--max-old-space-size=${args.heap}`,
      AUTH_JWKS_URI: `http://127.0.0.1:${jwks.address().port}/jwks.json`,
      AUTH_ISSUER: DEV_ISSUER,
      AUTH_AUDIENCE: DEV_AUDIENCE,
      DATABASE_URL: databaseUrl,
      DATA_DIR: appData,
      DEMO_DATA: 'false',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_READS: '0',
    };
    // Every quarter the overview accepts (2000-Q1 up to now), newest first.
    const periods = [];
    for (let y = Number(currentQuarter().slice(0, 4)); y >= 2000; y--) {
      for (let q = 4; q >= 1; q--) if (`${y}-Q${q}` <= currentQuarter()) periods.push(`${y}-Q${q}`);
    }

    const rows = [];
    for (const attack of ATTACKS.filter((a) => selected.has(a.n))) rows.push(await runAttack(attack, env, { periods }));
    process.stdout.write(`${report(rows, generated)}\n`);
  } finally {
    jwks?.close();
    await db.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`[abuse] failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
