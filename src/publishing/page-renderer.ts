import { Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorPage, GoalPage, InitiativePage, OverviewPage, ReportPage } from './page-models.js';

/** The templates sit beside this file (nest-cli.json copies them into dist/, as the benchmark's build does). */
const VIEWS = fileURLToPath(new URL('./templates', import.meta.url));

interface Pages {
  overview: OverviewPage;
  goal: GoalPage;
  initiative: InitiativePage;
  report: ReportPage;
  error: ErrorPage & { strategyTitle: string; breadcrumbs: []; downloads: [] };
}

/**
 * Renders the status pages with Eta: every `<%= %>` is HTML-escaped (autoEscape, Eta's default, stated here
 * so it cannot be switched off by accident); `<%~ %>` only ever takes another template's output. Templates
 * are compiled once and kept.
 */
@Injectable()
export class PageRenderer {
  private readonly eta = new Eta({ views: VIEWS, cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
  /** The pages' one stylesheet (served at /status/style.css) */
  readonly stylesheet = readFileSync(join(VIEWS, 'status.css'));

  render<K extends keyof Pages>(template: K, page: Pages[K]): string {
    return this.eta.render(`./${template}`, { page });
  }
}
