import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { graphql } from './graphql/graphql.js';
import { axeViolations, launchChromium, STRUCTURE_RULES, tabThrough } from './support/browser.js';
import { createTestApp, TestApp } from './support/test-app.js';

const OVERVIEW = graphql(`query PublishingBrowserOverview($period: Quarter) {
  statusOverview(period: $period) {
    period initiativeCount notReported
    statusCounts { status count }
    goals { goal { number } statusCounts { status count } initiatives { status initiative { code } } }
  }
}`);
const PERIODS = graphql(`query PublishingBrowserPeriods { publishedPeriods }`);

/**
 * A portal's page that frames the status page, as another site would put it in its CMS: a second HTTP
 * server on a port (so an origin) of its own.
 */
function portal(frameUrl: () => string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html lang="nb"><head><title>Portal</title></head><body><h1>Portal</h1>` +
        `<iframe title="Status" src="${frameUrl()}" width="1000" height="700"></iframe></body></html>`,
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/** The counts table of the page's «Alle initiativer», status key → count. */
function countsOnPage(page: Page): Promise<Record<string, number>> {
  return page.$$eval('#antall-alle tbody tr', (rows) =>
    Object.fromEntries(
      rows.map((row) => [row.getAttribute('data-status'), Number(row.querySelector('td')!.textContent)]),
    ),
  );
}

/** Each goal section's initiatives as the page shows them: [goal, code, status key]. */
function initiativesOnPage(page: Page): Promise<[number, string, string][]> {
  return page.$$eval('section[data-goal] tr[data-code]', (rows) =>
    rows.map((row) => [
      Number(row.closest('section')!.getAttribute('data-goal')),
      row.getAttribute('data-code')!,
      row.querySelector('[data-status]')!.getAttribute('data-status')!,
    ]),
  );
}

describe('status pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let allowed: { server: Server; url: string };
  let refused: { server: Server; url: string };
  let pages: Record<string, string>;

  beforeAll(async () => {
    // Two portals on two origins; the app lets only the first frame its pages.
    allowed = await portal(() => `${t.url}/status`);
    refused = await portal(() => `${t.url}/status`);
    t = await createTestApp({ demo: true, env: { EMBED_ORIGINS: allowed.url } });
    browser = await launchChromium();
    const { publishedPeriods } = await t.ok(PERIODS);
    pages = {
      overview: '/status',
      goal: '/status/mal/2',
      initiative: '/status/tiltak/1.6',
      report: `/status/rapport/${publishedPeriods[0]}`,
      'not found': '/status/mal/99',
    };
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    allowed?.server.close();
    refused?.server.close();
  });

  it('loads every page type with JavaScript on and off, under its own policy', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const refusals: string[] = [];
      page.on('console', (message) => refusals.push(message.text()));
      for (const [kind, path] of Object.entries(pages)) {
        const response = await page.goto(`${t.url}${path}`);
        expect([kind, response!.status()]).toEqual([kind, kind === 'not found' ? 404 : 200]);
        expect(await page.locator('html').getAttribute('lang')).toBe('nb');
        await expect(page.locator('h1').count()).resolves.toBe(1);
        expect(await page.locator('h1').isVisible()).toBe(true);
        // The stylesheet applied (the policy lets it in): the header band has its colour.
        const band = await page
          .locator('.site-header')
          .evaluate((e) => (globalThis as any).getComputedStyle(e).backgroundColor);
        expect(band).toBe('rgb(30, 43, 60)');
      }
      // Nothing the pages ask for is refused by their own policy.
      expect(refusals.filter((m) => /Content Security Policy/.test(m))).toEqual([]);
      await context.close();
    }
  });

  it('has no WCAG 2.1 A or AA violation that axe finds, on any page type', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    // The check itself finds what it should: a page without a language, an image without a text.
    await page.setContent('<!doctype html><html><head><title>x</title></head><body><img src="x.png"></body></html>');
    expect((await axeViolations(page)).map((v) => v.id).sort()).toEqual(['html-has-lang', 'image-alt']);
    await page.setContent(
      '<!doctype html><html lang="nb"><head><title>x</title></head><body><h2>a</h2><h4>b</h4><p>c</p></body></html>',
    );
    expect((await axeViolations(page, STRUCTURE_RULES)).map((v) => v.id).sort()).toEqual([
      'heading-order',
      'landmark-one-main',
      'page-has-heading-one',
      'region',
    ]);
    for (const [kind, path] of Object.entries(pages)) {
      await page.goto(`${t.url}${path}`);
      expect([kind, await axeViolations(page)]).toEqual([kind, []]);
      expect([kind, await axeViolations(page, STRUCTURE_RULES)]).toEqual([kind, []]);
    }
    // The narrowest screens the pages are made for.
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of [pages.overview, pages.initiative]) {
      await page.goto(`${t.url}${path}`);
      expect([path, await axeViolations(page)]).toEqual([path, []]);
      const overflow = await page.evaluate(() => {
        const window = globalThis as any;
        return window.document.documentElement.scrollWidth - window.innerWidth;
      });
      expect([path, overflow]).toEqual([path, 0]);
    }
    await context.close();
  });

  it('prints without the controls, in black on white', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.url}${pages.goal}`);
    await expect(page.locator('form.period-picker').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('form.period-picker').isVisible()).resolves.toBe(false);
    await expect(page.locator('nav.breadcrumbs').isVisible()).resolves.toBe(false);
    await expect(page.locator('h1').isVisible()).resolves.toBe(true);
    const band = await page
      .locator('.site-header')
      .evaluate((e) => (globalThis as any).getComputedStyle(e).backgroundColor);
    expect(band).toBe('rgba(0, 0, 0, 0)');
    await context.close();
  });

  it('picks another quarter with the form, JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${t.url}/status`);
    await page.selectOption('#period', '2025-Q2');
    await Promise.all([page.waitForURL(/period=2025-Q2/), page.click('button[type=submit]')]);
    await expect(page.locator('[data-period]').textContent()).resolves.toBe('Status per 2. kvartal 2025');
    await context.close();
  });

  it('shows the statuses and counts that statusOverview gives', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const period of [null, '2025-Q2']) {
      const { statusOverview: o } = await t.ok(OVERVIEW, period ? { period } : {});
      await page.goto(`${t.url}/status${period ? `?period=${period}` : ''}`);
      const counts = await countsOnPage(page);
      expect(counts).toEqual({
        ...Object.fromEntries(o.statusCounts.map((c) => [c.status, c.count])),
        NOT_REPORTED: o.notReported,
      });
      await expect(page.locator('#antall-alle [data-total]').textContent()).resolves.toBe(String(o.initiativeCount));
      expect(await initiativesOnPage(page)).toEqual(
        o.goals.flatMap((g) =>
          g.initiatives.map((s) => [g.goal.number, s.initiative.code, s.status ?? 'NOT_REPORTED'] as const),
        ),
      );
      // Each badge says its status in words, not by colour alone.
      const badges = await page.$$eval('tr[data-code] .badge', (all) => all.map((b) => b.textContent!.trim()));
      expect(badges.every((text) => text.length > 0)).toBe(true);
    }
    await context.close();
  });

  it('takes keyboard focus to every link, and shows where it is', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of [pages.overview, pages.goal, pages.initiative]) {
      await page.goto(`${t.url}${path}`);
      const { links, stops } = await tabThrough(page);
      const reached = new Set(stops.filter((s) => s.link >= 0).map((s) => s.link));
      expect(links).toBeGreaterThan(path === pages.overview ? 30 : 5);
      expect([path, reached.size]).toEqual([path, links]);
      for (const stop of stops) {
        expect([path, stop.tag, stop.outline.style]).not.toEqual([path, stop.tag, 'none']);
        expect(stop.outline.width).toBeGreaterThanOrEqual(2);
      }
    }
    await context.close();
  });

  it('is framed by a portal on an allowed origin and refused from another', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(allowed.url);
    const framed = page.frameLocator('iframe');
    await expect(framed.locator('h1').textContent()).resolves.toBe('Status på handlingsplanens initiativer');

    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    await page.goto(refused.url);
    await page.waitForLoadState('load');
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    expect(frame).toBeDefined();
    // Chromium shows its own error page in the frame instead: nothing of the status page is rendered.
    const deadline = Date.now() + 5000;
    while (!messages.some((m) => m.includes('frame-ancestors')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(messages.join('\n')).toMatch(/frame-ancestors/);
    expect(frame.url()).not.toBe(`${t.url}/status`);
    expect(await frame.locator('.site-header').count()).toBe(0);
    expect(await frame.locator('h1').allTextContents()).not.toContain('Status på handlingsplanens initiativer');
    await context.close();
  });
});
