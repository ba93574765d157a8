import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export { CHROMIUM_PATH, launchChromium } from './chromium.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.1 A and AA rules. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * What axe-core (its own package, injected into the page: no CDN) finds against WCAG 2.1 A and AA. The
 * pages' policy allows no script at all, so the page must come from a context with `bypassCSP`.
 */
export async function axeViolations(page: Page, rules?: string[]): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  const runOnly = rules ? { type: 'rule', values: rules } : { type: 'tag', values: WCAG_21_AA };
  return page.evaluate(async (only) => {
    const window = globalThis as any;
    const results = await window.axe.run(window.document, { runOnly: only });
    return results.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => n.target.join(' ')),
    }));
  }, runOnly);
}

/**
 * axe's rules for what the issue asks beyond its WCAG tags (axe files them as best practice): landmarks
 * holding all the content, one main, one h1, headings in order, table headers with a valid scope.
 */
export const STRUCTURE_RULES = [
  'region',
  'landmark-one-main',
  'landmark-unique',
  'landmark-banner-is-top-level',
  'landmark-contentinfo-is-top-level',
  'page-has-heading-one',
  'heading-order',
  'empty-heading',
  'empty-table-header',
  'scope-attr-valid',
];

export interface FocusStop {
  /** The link's index among the page's links, or -1 for another control */
  link: number;
  tag: string;
  /** The computed outline while focused */
  outline: { style: string; width: number };
}

/**
 * Tabs through the page from its start until focus comes back round (or `max` presses), recording each
 * element that takes focus and how its focus is drawn. The page's links are numbered first, so that the
 * stops can be compared with them.
 */
export async function tabThrough(page: Page, max = 500): Promise<{ links: number; stops: FocusStop[] }> {
  const links = await page.evaluate(() => {
    const all: any[] = [...(globalThis as any).document.querySelectorAll('a[href]')];
    all.forEach((a, i) => a.setAttribute('data-link-index', String(i)));
    return all.length;
  });
  const stops: FocusStop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const window = globalThis as any;
      const element = window.document.activeElement;
      if (!element || element.tagName === 'BODY') return null;
      const style = window.getComputedStyle(element);
      return {
        link: Number(element.getAttribute('data-link-index') ?? -1),
        tag: element.tagName,
        outline: { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) },
      };
    });
    if (!stop) break;
    if (stops.length > 0 && stop.link >= 0 && stop.link === stops[0].link) break;
    stops.push(stop);
  }
  return { links, stops };
}
