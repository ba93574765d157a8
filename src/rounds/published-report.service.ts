import { Injectable } from '@nestjs/common';
import type { LoaderContext } from '../common/context.js';
import { NotFoundError } from '../common/errors/index.js';
import type { LoaderRegistry } from '../common/loaders/index.js';
import { assertReportablePeriod } from '../common/quarter.js';
import type { StatusOverview } from '../overview/models/overview.model.js';
import { OverviewGate } from '../overview/overview.gate.js';
import { organizationById } from '../organizations/organization.loaders.js';
import {
  assembleOverview,
  OverviewProjection,
  overviewColumns,
  OverviewService,
} from '../overview/overview.service.js';
import { PublishedReportRepository } from './published-report.repository.js';

/** A published report: the overview as it stood at the close, and when that was. */
export type PublishedOverview = StatusOverview & { reportClosedAt: Date };

/**
 * The published reports: read from what closing the round stored, never recomputed, in three statements
 * whatever the report's size (the strategy with the report's counts and goals; the entries with their
 * initiatives and shown updates; the executing agencies in one batch, as for the live overview).
 */
@Injectable()
export class PublishedReportService {
  constructor(
    private readonly reports: PublishedReportRepository,
    private readonly overviews: OverviewService,
    private readonly gate: OverviewGate,
  ) {}

  /** NOT_FOUND for an unknown strategy; null when the strategy has no report for the period. */
  async publishedReport(
    strategySlug: string | null | undefined,
    period: string,
    projection: OverviewProjection = {},
    request: { loaders?: LoaderRegistry<LoaderContext>; client?: string } = {},
  ): Promise<PublishedOverview | null> {
    assertReportablePeriod(period, new Date(), 'period');
    const withAgencies = !!request.loaders && projection.initiative?.has('executingAgency') !== false;
    const key = this.overviews.flightKey('published', strategySlug, period, projection, withAgencies);
    // As large as a live overview: built under the same gate, shared by identical requests.
    const built = await this.gate.run(key, request.client ?? 'internal', async () => {
      const head = await this.reports.head(strategySlug ?? null, period);
      if (!head)
        throw new NotFoundError('Strategy', strategySlug ?? '(any)', strategySlug != null ? 'strategy' : undefined);
      if (!head.report) return null;
      const entries = await this.reports.entries(head.strategy.id, period, overviewColumns(projection));
      const overview = assembleOverview(
        head.strategy,
        head.goals,
        period,
        head.report.counts,
        entries.map(({ goalId, initiative, update, status, upToDate }) => ({
          goalId,
          standing: { initiative, update, status, upToDate },
        })),
      );
      const agencies = withAgencies ? await this.overviews.agenciesOf(overview) : [];
      return { overview: { ...overview, reportClosedAt: head.report.closedAt }, agencies };
    });
    if (!built) return null;
    for (const agency of built.agencies) request.loaders!.prime(organizationById, agency.id, agency);
    return built.overview;
  }
}
