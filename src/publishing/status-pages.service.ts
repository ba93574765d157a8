import { quarterInWords } from '../common/norwegian.js';
import { Injectable } from '@nestjs/common';
import type { LoaderContext } from '../common/context.js';
import { NotFoundError } from '../common/errors/index.js';
import type { LoaderRegistry } from '../common/loaders/index.js';
import { assertReportablePeriod, currentQuarter, nextQuarter } from '../common/quarter.js';
import { deliveriesByInitiative, goalsByInitiative, partnersByInitiative } from '../initiatives/initiative.loaders.js';
import { InitiativeService } from '../initiatives/initiative.service.js';
import { organizationById } from '../organizations/organization.loaders.js';
import type { GoalOverview, StatusOverview } from '../overview/models/overview.model.js';
import type { OverviewProjection } from '../overview/overview.service.js';
import { OverviewService } from '../overview/overview.service.js';
import { PublishedReportService } from '../rounds/published-report.service.js';
import { RoundService } from '../rounds/round.service.js';
import type { UpdatesPageKey } from '../status-updates/status-update.repository.js';
import { statusHistory, updatesPage } from '../status-updates/status-update.loaders.js';
import { assessmentsByGoal, indicatorsByGoal, valuesByIndicator } from '../strategy/strategy.loaders.js';
import { StrategyService } from '../strategy/strategy.service.js';
import { DELIVERY_STATE_NAMES, formatDate, formatPercent, LIFECYCLE_NAMES, OBSTACLE_NAMES } from './norwegian.js';
import type {
  FactView,
  GoalPage,
  InitiativePage,
  KeyFigureView,
  OverviewPage,
  ReportPage,
  UpdateView,
} from './page-models.js';
import {
  countsView,
  downloadLinks,
  goalSectionView,
  hrefs,
  keyFigureView,
  periodOptions,
  reportLinks,
  statusBadge,
} from './page-views.js';
import { RequestLoaders } from './request-loaders.js';

/** The fields the overview pages show of each initiative and its update (the rest are not read). */
const PAGE_PROJECTION: OverviewProjection = {
  initiative: new Set(['title', 'executingAgency']),
  update: new Set(['summary']),
};

const TITLE = 'Status på handlingsplanens initiativer';

/**
 * The status pages' content, read through the services GraphQL answers with (the overview, the published
 * reports, the strategy's loaders, the initiatives): each page in a fixed number of SQL statements,
 * whatever the size of the plan. The overview page: the overview's three, then the key figures, their values
 * and the assessments of every goal at once, and the published periods.
 */
@Injectable()
export class StatusPagesService {
  constructor(
    private readonly overviews: OverviewService,
    private readonly reports: PublishedReportService,
    private readonly rounds: RoundService,
    private readonly strategies: StrategyService,
    private readonly initiatives: InitiativeService,
    private readonly requestLoaders: RequestLoaders,
  ) {}

  async overviewPage(period: string | null, client?: string): Promise<OverviewPage> {
    const loaders = this.requestLoaders.create();
    const overview = await this.overviews.statusOverview(null, period, PAGE_PROJECTION, { loaders, client });
    const [details, published] = await Promise.all([
      this.goalDetails(loaders, overview.goals),
      this.rounds.publishedPeriods(),
    ]);
    const goals = overview.goals.map((goal) =>
      goalSectionView(goal, { period, agencyOf: agencyOf(loaders), ...details.get(goal.goal.id) }),
    );
    return {
      title: `${TITLE}: ${quarterInWords(overview.period)}`,
      heading: TITLE,
      strategyTitle: overview.strategy.title,
      breadcrumbs: [],
      periodPicker: this.picker(hrefs.status(), overview),
      downloads: downloadLinks(period),
      periodText: `Status per ${quarterInWords(overview.period)}`,
      lastUpdated: lastUpdated(overview),
      counts: countsView(overview),
      goals,
      reports: reportLinks(published),
    };
  }

  async goalPage(number: number, period: string | null, client?: string): Promise<GoalPage> {
    const loaders = this.requestLoaders.create();
    const overview = await this.overviews.statusOverview(null, period, PAGE_PROJECTION, { loaders, client });
    const goal = overview.goals.find((g) => g.goal.number === number);
    if (!goal) throw new NotFoundError('Goal', String(number));
    const details = await this.goalDetails(loaders, [goal]);
    const section = goalSectionView(goal, { period, agencyOf: agencyOf(loaders), ...details.get(goal.goal.id) });
    return {
      title: `${section.heading}: ${section.title}`,
      heading: `${section.heading}: ${section.title}`,
      strategyTitle: overview.strategy.title,
      breadcrumbs: [{ href: hrefs.status(period), text: TITLE }],
      periodPicker: this.picker(hrefs.goal(number), overview),
      downloads: downloadLinks(period),
      periodText: `Status per ${quarterInWords(overview.period)}`,
      lastUpdated: lastUpdated(overview),
      goal: section,
    };
  }

  /**
   * One initiative as the overview of the period shows it: its newest published update up to the period
   * (the same rule, read for one initiative: updates before the next quarter, as an anonymous reader sees
   * them), its approved statuses up to the period, its goals, organisations and deliveries.
   */
  async initiativePage(code: string, period: string | null): Promise<InitiativePage> {
    if (period) assertReportablePeriod(period, new Date(), 'period');
    const [strategy] = await this.strategies.list();
    const initiative = strategy ? await this.initiatives.byCode(strategy.slug, code) : null;
    if (!strategy || !initiative) throw new NotFoundError('Initiative', code);
    const loaders = this.requestLoaders.create();
    const updatesKey: UpdatesPageKey = {
      initiativeId: initiative.id,
      limit: 1,
      before: period ? nextQuarter(period) : null,
    };
    const [goals, partners, deliveries, updates, history, agency, ministry] = await Promise.all([
      loaders.load(goalsByInitiative, initiative.id),
      loaders.load(partnersByInitiative, initiative.id),
      loaders.load(deliveriesByInitiative, initiative.id),
      loaders.load(updatesPage, JSON.stringify(updatesKey)),
      loaders.load(statusHistory, initiative.id),
      loaders.load(organizationById, initiative.executingAgencyId),
      initiative.responsibleMinistryId ? loaders.load(organizationById, initiative.responsibleMinistryId) : null,
    ]);
    const update = updates.rows[0] ?? null;
    const shownPeriod = period ?? update?.period ?? null;
    const facts: FactView[] = [
      {
        term: 'Mål',
        links: [...goals]
          .sort((a, b) => a.number - b.number)
          .map((g) => ({ href: hrefs.goal(g.number, period), text: `Mål ${g.number}: ${g.title}` })),
      },
      { term: 'Utførende virksomhet', text: agency?.name ?? '' },
      ...(ministry ? [{ term: 'Ansvarlig departement', text: ministry.name }] : []),
      ...(partners.length > 0 ? [{ term: 'Samarbeidspartnere', text: partners.map((p) => p.name).join(', ') }] : []),
      { term: 'Fase', text: LIFECYCLE_NAMES[initiative.lifecycle] },
      ...(initiative.startDate ? [{ term: 'Startet', text: formatDate(initiative.startDate) }] : []),
      ...(initiative.plannedEndDate ? [{ term: 'Planlagt ferdig', text: formatDate(initiative.plannedEndDate) }] : []),
    ];
    let updateView: UpdateView | null = null;
    if (update) {
      const sections = [
        { heading: 'Dette er oppnådd', text: update.achievements },
        { heading: 'Neste steg', text: update.nextSteps },
        { heading: 'Risiko', text: update.risks },
      ].filter((s): s is { heading: string; text: string } => !!s.text);
      updateView = {
        heading: `Rapportert for ${quarterInWords(update.period)}${update.publishedAt ? `, publisert ${formatDate(update.publishedAt)}` : ''}`,
        badge: statusBadge(update.status),
        upToDate: !period || update.period === period,
        progress: update.progressPercent === null ? null : formatPercent(update.progressPercent),
        summary: update.summary,
        sections,
        obstacles: update.obstacles.map((o) => OBSTACLE_NAMES[o]),
      };
    }
    const heading = `${initiative.code} ${initiative.title}`;
    return {
      title: heading,
      heading,
      strategyTitle: strategy.title,
      breadcrumbs: [{ href: hrefs.status(period), text: TITLE }],
      periodPicker: {
        action: hrefs.initiative(initiative.code),
        options: periodOptions(strategy.periodStart, currentQuarter(), period ?? shownPeriod ?? currentQuarter()),
      },
      downloads: downloadLinks(period),
      periodText: period ? `Status per ${quarterInWords(period)}` : 'Siste publiserte status',
      badge: statusBadge(update?.status ?? null),
      summary: initiative.summary,
      description: initiative.description,
      facts,
      update: updateView,
      deliveries: deliveries.map((d) => ({
        title: d.title,
        due: d.dueDate ? formatDate(d.dueDate) : null,
        state: DELIVERY_STATE_NAMES[d.state],
        completed: d.completedOn ? formatDate(d.completedOn) : null,
      })),
      history: history
        .filter((point) => !period || point.period <= period)
        .reverse()
        .map((point) => ({ period: quarterInWords(point.period), badge: statusBadge(point.status) })),
    };
  }

  /** A closed round's frozen report; NOT_FOUND when the period has none. */
  async reportPage(period: string, client?: string): Promise<ReportPage> {
    const loaders = this.requestLoaders.create();
    const [report, published] = await Promise.all([
      this.reports.publishedReport(null, period, PAGE_PROJECTION, { loaders, client }),
      this.rounds.publishedPeriods(),
    ]);
    if (!report) throw new NotFoundError('PublishedReport', period);
    const quarter = quarterInWords(period);
    return {
      title: `Publisert rapport: status per ${quarter}`,
      heading: `Publisert rapport for ${quarter}`,
      strategyTitle: report.strategy.title,
      breadcrumbs: [{ href: hrefs.status(), text: TITLE }],
      downloads: downloadLinks(period),
      lead: `Status per ${quarter}, publisert ${formatDate(report.reportClosedAt)}`,
      counts: countsView(report),
      goals: report.goals.map((goal) => goalSectionView(goal, { period, agencyOf: agencyOf(loaders) })),
      reports: reportLinks(published),
    };
  }

  /**
   * Every goal's key figures with their values, and its assessments: three statements for all the goals
   * (key figures, then their values; assessments beside them).
   */
  private async goalDetails(
    loaders: LoaderRegistry<LoaderContext>,
    goals: GoalOverview[],
  ): Promise<Map<string, Pick<Parameters<typeof goalSectionView>[1], 'keyFigures' | 'assessments'>>> {
    const ids = goals.map((g) => g.goal.id);
    const [indicators, assessments] = await Promise.all([
      Promise.all(ids.map((id) => loaders.load(indicatorsByGoal, id))),
      Promise.all(ids.map((id) => loaders.load(assessmentsByGoal, id))),
    ]);
    const keyFigures: KeyFigureView[][] = await Promise.all(
      indicators.map((list) =>
        Promise.all(list.map(async (i) => keyFigureView(i, await loaders.load(valuesByIndicator, i.id)))),
      ),
    );
    return new Map(ids.map((id, i) => [id, { keyFigures: keyFigures[i], assessments: assessments[i] }]));
  }

  private picker(action: string, overview: StatusOverview) {
    return { action, options: periodOptions(overview.strategy.periodStart, currentQuarter(), overview.period) };
  }
}

const agencyOf = (loaders: LoaderRegistry<LoaderContext>) => (id: string) => loaders.peek(organizationById, id);

function lastUpdated(overview: StatusOverview): string | null {
  return overview.lastPublishedAt ? `Sist oppdatert ${formatDate(overview.lastPublishedAt)}` : null;
}
