import { currentQuarter, nextQuarter } from '../src/common/quarter.js';
import { graphql } from './graphql/graphql.js';
import { waitingOnLock, whileInitiativesLocked } from './support/locks.js';
import { insertNumberedInitiatives, insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import { rawRequest, RawResponse, sqlStatements } from './support/raw-http.js';
import { APPROVE } from './support/status-updates.js';
import { ResponseCache } from '../src/cache/response-cache.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

const OVERVIEW = graphql(`query PublishingPageOverview($period: Quarter) {
  statusOverview(period: $period) {
    period initiativeCount notReported
    statusCounts { status count }
    goals { goal { number title } initiatives { status initiative { code title } } }
  }
}`);
const QUEUE = graphql(
  `query PublishingReviewQueue { reviewQueue(first: 1) { edges { node { id initiative { code } } } } }`,
);
const OPEN_ROUND = graphql(`mutation PublishingOpenRound($period: Quarter!, $dueDate: Date!) {
  openReportingRound(input: { period: $period, dueDate: $dueDate }) { period }
}`);
const CLOSE_ROUND = graphql(
  `mutation PublishingCloseRound($period: Quarter!) { closeReportingRound(period: $period) { period } }`,
);
const REPORT = graphql(`query PublishingReport($period: Quarter!) {
  publishedReport(period: $period) { reportClosedAt initiativeCount statusCounts { status count } }
}`);

const get = (t: TestApp, path: string, headers: Record<string, string> = {}) =>
  rawRequest(`${t.url}${path}`, { headers });

/** The counts table of a page, status key → count, as the page says them. */
function countsOf(html: string, id = 'antall-alle'): Record<string, number> {
  const table = new RegExp(`<table class="counts" id="${id}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  return Object.fromEntries(
    [...table.matchAll(/<tr data-status="(\w+)">[\s\S]*?<td>(\d+)<\/td><\/tr>/g)].map((m) => [m[1], Number(m[2])]),
  );
}

function expectHtmlPage(res: RawResponse, status = 200): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.text).toMatch(/^<!doctype html>\n<html lang="nb">/);
  expect(res.text.match(/<h1>/g)).toHaveLength(1);
  expect(res.text).not.toMatch(/<script/i);
}

describe('status pages over HTTP', () => {
  let t: TestApp;
  const current = currentQuarter();

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('shows the overview in Norwegian with the counts statusOverview gives', async () => {
    const res = await get(t, '/status');
    expectHtmlPage(res);
    const { statusOverview } = await t.ok(OVERVIEW);
    const counts = countsOf(res.text);
    for (const { status, count } of statusOverview.statusCounts) expect(counts[status]).toBe(count);
    expect(counts.NOT_REPORTED).toBe(statusOverview.notReported);
    expect(res.text).toContain('<td data-total>' + statusOverview.initiativeCount + '</td>');
    const [year, q] = [statusOverview.period.slice(0, 4), statusOverview.period.slice(6)];
    expect(res.text).toContain(`Status per ${q}. kvartal ${year}`);
    expect(res.text).toMatch(/Sist oppdatert \d{1,2}\. [a-zæøå]+ \d{4}/);
    // Mål 1's key figures as the published page says them (DESIGN.md, Indicator trends).
    expect(res.text).toContain('47\u00a0%');
    expect(res.text).toContain('Negativ synkende trend');
    expect(res.text).toContain('Ned fra 50 prosent i 2020');
    expect(res.text).toContain('6. plass');
    expect(res.text).toContain('Positiv økende trend');
    expect(res.text).toContain('Vi vurderer status for dette målet til middels');
    // Trend and assessment as an icon beside the words (hidden from screen readers, which read the words).
    expect(res.text).toMatch(
      /<p class="trend trend-\w+">\s*<svg class="icon icon-FALLING"[^>]*aria-hidden="true"[^>]*>(<(?!\/svg)[^>]*>)*<\/svg>\s*<span>Negativ synkende trend<\/span>/,
    );
    expect(res.text).toMatch(
      /<svg class="icon icon-MEDIUM"[^>]*aria-hidden="true"[^>]*>[^<]*(<(?!\/svg)[^>]*>)*<\/svg>\s*<span>Vi vurderer status for dette målet til middels/,
    );
    // Each chart of yearly values is an image with its values as its text alternative.
    const charts = [
      ...res.text.matchAll(/<svg [^>]*role="img" aria-labelledby="([^"]+)">\s*<title id="([^"]+)">([^<]*)</g),
    ];
    expect(charts.length).toBeGreaterThan(0);
    for (const [, labelledBy, id, title] of charts) {
      expect(labelledBy).toBe(id);
      expect(title).toMatch(/^Verdier per år: .*\d{4}/);
    }
    for (const goal of statusOverview.goals) expect(res.text).toContain(`href="/status/mal/${goal.goal.number}"`);
    const first = statusOverview.goals.flatMap((g) => g.initiatives)[0].initiative;
    expect(res.text).toContain(`href="/status/tiltak/${encodeURIComponent(first.code)}"`);
  });

  it('shows an earlier quarter with ?period=, keeping it in the links between pages', async () => {
    const { statusOverview } = await t.ok(OVERVIEW);
    const earlier = '2025-Q2';
    const [res, api] = [
      await get(t, `/status?period=${earlier}`),
      (await t.ok(OVERVIEW, { period: earlier })).statusOverview,
    ];
    expectHtmlPage(res);
    expect(res.text).toContain('Status per 2. kvartal 2025');
    expect(res.text).toContain(`href="/status/mal/1?period=${earlier}"`);
    expect(res.text).toContain(`<option value="${earlier}" selected>2. kvartal 2025</option>`);
    const counts = countsOf(res.text);
    for (const { status, count } of api.statusCounts) expect(counts[status]).toBe(count);
    expect(api.statusCounts).not.toEqual(statusOverview.statusCounts);
  });

  it('has a page per goal, per initiative and per published report', async () => {
    const goal = await get(t, '/status/mal/2');
    expectHtmlPage(goal);
    expect(goal.text).toContain('<h1>Mål 2: Flere oppgaver løses digitalt, og som sammenhengende tjenester.</h1>');
    expect(goal.text).toContain('Andel brukere som mener det er lett å skape sammenheng');
    expect(goal.text).toContain('Ned fra 31 prosent i 2020');

    const initiative = await get(t, '/status/tiltak/1.1');
    expectHtmlPage(initiative);
    expect(initiative.text).toContain('<h1>1.1 Livshendelsen Alvorlig sykt barn</h1>');
    expect(initiative.text).toMatch(/Rapportert for \d\. kvartal \d{4}, publisert \d{1,2}\. [a-zæøå]+ \d{4}/);
    expect(initiative.text).toContain('href="/status/mal/2"');

    const { publishedPeriods } = await t.ok(graphql(`query PublishingPeriods { publishedPeriods }`));
    const report = await get(t, `/status/rapport/${publishedPeriods[0]}`);
    expectHtmlPage(report);
    const q = publishedPeriods[0];
    expect(report.text).toMatch(
      new RegExp(`Status per ${q.slice(6)}\\. kvartal ${q.slice(0, 4)}, publisert \\d{1,2}\\. [a-zæøå]+ \\d{4}`),
    );
  });

  it.each([
    ['an unknown goal', '/status/mal/99', 'Det finnes ikke noe mål med nummer 99.'],
    ['a goal that is no number', '/status/mal/en', 'Det finnes ikke noe mål med nummer en.'],
    ['an unknown code', '/status/tiltak/9.99', 'Det finnes ikke noe initiativ med koden «9.99».'],
    ['a quarter without a published report', `/status/rapport/${current}`, 'Det er ikke publisert noen rapport'],
    ['an address under /status that is no page', '/status/finnes/ikke', 'Adressen er feil'],
  ])('answers %s with a 404 page', async (_what, path, text) => {
    const res = await get(t, path);
    expectHtmlPage(res, 404);
    expect(res.text).toContain('<h1>Fant ikke siden</h1>');
    expect(res.text).toContain(text);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['a malformed period', '/status?period=2025-Q5'],
    ['a future period', `/status?period=${nextQuarter(current)}`],
    ['a period given twice', '/status?period=2025-Q1&period=2025-Q2'],
    ['a malformed report period', '/status/rapport/siste'],
    ['a future report period', `/status/rapport/${nextQuarter(current)}`],
    ['a period before 2000', '/status/mal/1?period=1999-Q4'],
    ['a malformed period on an initiative', '/status/tiltak/1.1?period=2025'],
  ])('answers %s with a 400 page', async (_what, path) => {
    const res = await get(t, path);
    expectHtmlPage(res, 400);
    expect(res.text).toContain('<h1>Ugyldig kvartal</h1>');
  });

  it('caches pages like anonymous GET queries: ETag, 304, public, emptied by a committed write', async () => {
    t.app.get(ResponseCache).clear();
    const first = await get(t, '/status');
    expect(first.headers.get('x-response-cache')).toBe('MISS');
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    expect(first.headers.get('vary')).toMatch(/Authorization/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);

    const again = await get(t, '/status');
    expect(again.headers.get('x-response-cache')).toBe('HIT');
    expect(again.headers.get('etag')).toBe(etag);
    expect(sqlStatements(again)).toBe(0);
    expect(again.text).toBe(first.text);

    const unchanged = await get(t, '/status', { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');

    // A reviewer publishes a submitted update: the kept page is gone at once, and the new one differs.
    const reviewer = { role: Role.REVIEWER, sub: 'publishing-reviewer' };
    const queue = (await t.ok(QUEUE, {}, reviewer)).reviewQueue.edges;
    expect(queue).toHaveLength(1);
    await t.ok(APPROVE, { id: queue[0].node.id }, reviewer);
    const after = await get(t, '/status', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('x-response-cache')).toBe('MISS');
    expect(after.headers.get('etag')).not.toBe(etag);
  });

  it('serves a signed-in caller the same page, neither kept nor public', async () => {
    const token = await t.token({ role: Role.ADMIN });
    const anonymous = await get(t, '/status/tiltak/1.2');
    const signedIn = await get(t, '/status/tiltak/1.2', { authorization: `Bearer ${token}` });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect(signedIn.headers.get('x-response-cache')).toBeNull();
    expect(signedIn.headers.get('etag')).toBeNull();
    expect(signedIn.text).toBe(anonymous.text);
    expect(sqlStatements(signedIn)).toBeGreaterThan(0);
  });

  it('compresses pages: uncached by the compression middleware, kept ones as stored', async () => {
    const fresh = await get(t, '/status?period=2025-Q3', { 'accept-encoding': 'gzip' });
    expect(fresh.headers.get('x-response-cache')).toBe('MISS');
    expect(fresh.headers.get('content-encoding')).toBe('gzip');
    // The kept page's compressed forms are made a moment after it is kept.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const kept = await fetch(`${t.url}/status?period=2025-Q3`, { headers: { 'accept-encoding': 'br' } });
    expect(kept.headers.get('x-response-cache')).toBe('HIT');
    expect(kept.headers.get('content-encoding')).toBe('br');
    expect(await kept.text()).toBe(fresh.text);
  });

  it('serves its stylesheet, with a print style', async () => {
    const res = await get(t, '/status/style.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(res.text).toContain('@media print');
  });

  it('has a policy of its own: its stylesheet, forms to itself, no scripts, framed by no one by default', async () => {
    const page = await get(t, '/status');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp.split(';')).toEqual([
      "default-src 'none'",
      "style-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const api = await rawRequest(`${t.url}/graphql?query=%7B__typename%7D`);
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('status pages with EMBED_ORIGINS', () => {
  let t: TestApp;
  let plan: PlanFixture;

  beforeAll(async () => {
    t = await createTestApp({ env: { EMBED_ORIGINS: 'https://portal.example.no,http://localhost:8080' } });
    plan = await insertPlan(t, { goals: 1, initiatives: 1 });
  });
  afterAll(() => t.close());

  it('escapes every value it shows', async () => {
    const code = '<b>';
    const [{ id }] = await t.sql(
      `INSERT INTO initiative (strategy_id, code, title, summary, lifecycle, executing_agency_id)
       VALUES ($1, $2, $3, $4, 'ACTIVE', $5) RETURNING id`,
      [
        plan.strategyId,
        code,
        '<script>alert("x")</script> & «tiltak»',
        `"><img src=x onerror=alert(1)>`,
        plan.agencies[0].id,
      ],
    );
    await t.sql(`INSERT INTO initiative_goal (initiative_id, goal_id) VALUES ($1, $2)`, [id, plan.goalIds[0]]);
    await insertStatusUpdate(t, { initiativeId: id, period: '2024-Q1', summary: "</td><td onclick='x'>" });
    for (const path of ['/status', '/status/mal/1', `/status/tiltak/${encodeURIComponent(code)}`]) {
      const res = await get(t, path);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('<script>');
      expect(res.text).not.toContain('<b>');
      expect(res.text).not.toContain('<img');
      expect(res.text).not.toContain("<td onclick='x'>");
      expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «tiltak»');
    }
    expect((await get(t, '/status/tiltak/%3Cb%3E')).text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('lets those origins frame the status pages only, with no X-Frame-Options to contradict it', async () => {
    for (const path of ['/status', '/status/mal/1', '/status/mal/7']) {
      const res = await get(t, path);
      expect(res.headers.get('content-security-policy')).toContain(
        'frame-ancestors https://portal.example.no http://localhost:8080',
      );
      expect(res.headers.get('x-frame-options')).toBeNull();
    }
    for (const path of ['/graphql?query=%7B__typename%7D', '/export/status.csv', '/open-data/catalog.jsonld']) {
      const res = await get(t, path);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });
});

describe('status pages: a fixed number of SQL statements', () => {
  let t: TestApp;
  let plan: PlanFixture;

  beforeAll(async () => {
    // The response cache would answer repeated requests without any statement at all.
    t = await createTestApp({ env: { RESPONSE_CACHE_TTL: '0' } });
    plan = await insertPlan(t, { goals: 3, agencies: 2, initiatives: 0 });
    // Key figures with values, and an assessment, so that their loaders run too.
    for (const goalId of plan.goalIds) {
      const [{ id }] = await t.sql(
        `INSERT INTO indicator (goal_id, name, unit, better_when, source) VALUES ($1, 'Andel', 'PERCENT', 'HIGHER', 'Kilde') RETURNING id`,
        [goalId],
      );
      await t.sql(`INSERT INTO indicator_value (indicator_id, year, value) VALUES ($1, 2020, 40), ($1, 2021, 45)`, [
        id,
      ]);
      await t.sql(
        `INSERT INTO goal_assessment (goal_id, year, level, development, summary) VALUES ($1, 2023, 'GOOD', 'IMPROVING', 'Bra')`,
        [goalId],
      );
    }
  });
  afterAll(() => t.close());

  /** Adds initiatives n = from..to (codes 9.n) with an approved update of 2024-Q1. */
  async function addInitiatives(from: number, to: number): Promise<void> {
    await insertNumberedInitiatives(t, plan, from, to - from + 1);
    await t.sql(
      `INSERT INTO status_update (initiative_id, period, status, summary, state, author_subject, submitted_at,
                                  first_submitted_at, reviewed_at, reviewer_subject, published_at)
       SELECT i.id, '2024-Q1', 'ON_TRACK', 'Status', 'APPROVED', 'owner', now(), now(), now(), 'reviewer', now()
       FROM initiative i WHERE i.strategy_id = $1 AND substring(i.code from 3)::int BETWEEN $2 AND $3`,
      [plan.strategyId, from, to],
    );
  }

  it('reads each page in as many statements with 300 initiatives as with 9', async () => {
    const admin = { role: Role.ADMIN, sub: 'publishing-admin' };
    /** Statements per page; the report is the one the round of `report` froze. */
    const count = async (report: string) => {
      await t.ok(OPEN_ROUND, { period: report, dueDate: `${report.slice(0, 4)}-12-31` }, admin);
      await t.ok(CLOSE_ROUND, { period: report }, admin);
      const paths = [
        '/status',
        '/status?period=2024-Q1',
        '/status/mal/1',
        '/status/tiltak/9.3',
        `/status/rapport/${report}`,
      ];
      const counts: number[] = [];
      for (const path of paths) {
        const res = await get(t, path);
        expect(res.status).toBe(200);
        counts.push(sqlStatements(res));
      }
      return counts;
    };
    await addInitiatives(1, 9);
    const small = await count('2024-Q1');
    const frozen = (await get(t, '/status/rapport/2024-Q1')).text;
    await addInitiatives(10, 300);
    const large = await count('2024-Q2');
    expect(large).toEqual(small);
    expect(small.every((n) => n > 0 && n <= 10)).toBe(true);
    expect((await get(t, '/status')).text).toContain('<td data-total>300</td>');
    expect(countsOf((await get(t, '/status?period=2024-Q1')).text).ON_TRACK).toBe(300);
    // The report of 2024-Q1 is what closing its round froze: its 9 initiatives, whatever came later.
    const report = (await get(t, '/status/rapport/2024-Q1')).text;
    expect(report).toContain('<td data-total>9</td>');
    expect(countsOf(report)).toEqual(countsOf(frozen));
    const { publishedReport } = await t.ok(REPORT, { period: '2024-Q1' });
    expect(countsOf(report).ON_TRACK).toBe(publishedReport!.statusCounts.find((c) => c.status === 'ON_TRACK')!.count);
    const closed = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', dateStyle: 'long' }).format(
      new Date(publishedReport!.reportClosedAt!),
    );
    expect(report).toContain(`Status per 1. kvartal 2024, publisert ${closed}`);
    // Everything but the list of other reports (one more since) reads as it did.
    const content = (html: string) =>
      html
        .slice(html.indexOf('<h2 id="alle-initiativer">'), html.indexOf('</main>'))
        .replace(/<section aria-labelledby="rapporter">[\s\S]*<\/section>/, '')
        .trim();
    expect(content(report)).toBe(content(frozen));
    expect(content(report)).toContain('Tiltak 9');
  });

  it('builds a page once for identical anonymous requests at once', async () => {
    const alone = sqlStatements(await get(t, '/status/mal/2'));
    // The page's build is held up by a lock on the initiatives; four more requests come in meanwhile.
    const pending: Promise<RawResponse>[] = [];
    await whileInitiativesLocked(t, async () => {
      pending.push(get(t, '/status/mal/2'));
      const waiting = () => waitingOnLock(t, 'initiative');
      for (let i = 0; i < 50 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await waiting()).toBeGreaterThan(0);
      pending.push(...[1, 2, 3, 4].map(() => get(t, '/status/mal/2')));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    });
    const answers = await Promise.all(pending);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    // The first one read the page; the four that came while it was built ran no statement of their own.
    expect(answers.map((a) => sqlStatements(a))).toEqual([alone, 0, 0, 0, 0]);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
  });
});
