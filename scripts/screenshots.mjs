#!/usr/bin/env node
/**
 * Screenshots of the status pages for a reviewer to look at: /status and a goal page, 1280 and 375 px wide,
 * the whole page, as PNG files in screenshots/ (git-ignored; never committed).
 *
 *   npm run build && node scripts/screenshots.mjs             start the compiled server with the demo data
 *   node scripts/screenshots.mjs --url http://localhost:3000   use a server that runs already
 *   options: --goal 2 (the goal page), --out screenshots
 *
 * Debian's Chromium (/usr/bin/chromium, `apt-get install chromium`) driven by playwright-core: no browser is
 * ever downloaded. The server it starts has its own embedded PostgreSQL in a temporary folder, removed after.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/support/chromium.mjs';
import { freePort, ROOT, startServer } from '../bench/server-process.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    goal: { type: 'string', default: '1' },
    out: { type: 'string', default: 'screenshots' },
    dist: { type: 'string', default: 'dist' },
  },
});

const WIDTHS = [1280, 375];

async function main() {
  const out = resolve(ROOT, args.out);
  mkdirSync(out, { recursive: true });
  let server;
  let dataDir;
  let base = args.url?.replace(/\/+$/, '');
  if (!base) {
    dataDir = mkdtempSync(join(tmpdir(), 'hp-screenshots-'));
    process.stderr.write('starting the server with the demo data ...\n');
    server = await startServer(resolve(ROOT, args.dist), {
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    });
    base = server.url;
  }
  // Playwright gives the browser a fresh user data directory of its own, removed when it closes.
  const browser = await launchChromium();
  try {
    const pages = [
      ['status', '/status'],
      [`goal-${args.goal}`, `/status/mal/${args.goal}`],
    ];
    for (const [name, path] of pages) {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const page = await context.newPage();
        const response = await page.goto(`${base}${path}`);
        if (!response?.ok()) throw new Error(`${path} answered ${response?.status()}`);
        const file = join(out, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const overflow = await page.evaluate(
          () => globalThis.document.documentElement.scrollWidth - globalThis.innerWidth,
        );
        process.stdout.write(`${file}${overflow > 0 ? ` (wider than the window by ${overflow} px)` : ''}\n`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server?.stop({ killAfterMs: 10000 });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
