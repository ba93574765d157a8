import { quarterInWords } from '../common/norwegian.js';
import { FIRST_QUARTER, previousQuarter } from '../common/quarter.js';
import type { DeliveryStatus } from '../initiatives/entities/enums.js';
import type { GoalOverview, InitiativeStatus, StatusCount } from '../overview/models/overview.model.js';
import type { Organization } from '../organizations/entities/organization.entity.js';
import type { GoalAssessment } from '../strategy/entities/goal-assessment.entity.js';
import type { Indicator, IndicatorValue } from '../strategy/entities/indicator.entity.js';
import { IndicatorUnit } from '../strategy/entities/indicator.entity.js';
import { computeTrend } from '../strategy/trend.js';
import { indicatorChart } from './indicator-chart.js';
import {
  ASSESSMENT_LEVEL_NAMES,
  assessmentText,
  countOf,
  DEVELOPMENT_TEXTS,
  formatIndicatorValue,
  NOT_REPORTED,
  previousValueText,
  STATUS_NAMES,
  trendText,
} from './norwegian.js';
import type {
  AssessmentView,
  CountsView,
  GoalSectionView,
  KeyFigureView,
  Link,
  PeriodOption,
  StandingView,
  StatusBadge,
} from './page-models.js';

/*
 * Pure mappings from the services' objects to what the templates show, and the pages' addresses. Links
 * between pages keep the quarter the reader asked for (none: the live default).
 */

const withPeriod = (path: string, period?: string | null) =>
  period ? `${path}?period=${encodeURIComponent(period)}` : path;

export const hrefs = {
  status: (period?: string | null) => withPeriod('/status', period),
  goal: (number: number, period?: string | null) => withPeriod(`/status/mal/${number}`, period),
  initiative: (code: string, period?: string | null) =>
    withPeriod(`/status/tiltak/${encodeURIComponent(code)}`, period),
  report: (period: string) => `/status/rapport/${encodeURIComponent(period)}`,
  statusXlsx: (period?: string | null) => withPeriod('/export/status.xlsx', period),
  statusCsv: (period?: string | null) => withPeriod('/export/status.csv', period),
  initiativesCsv: () => '/export/initiatives.csv',
  catalog: () => '/open-data/catalog.jsonld',
};

export function statusBadge(status: DeliveryStatus | null): StatusBadge {
  return status
    ? { status, key: status, name: STATUS_NAMES[status] }
    : { status: null, key: 'NOT_REPORTED', name: NOT_REPORTED };
}

/** The counts per status in enum order, then those with nothing published. */
export function countsView(counts: { initiativeCount: number; notReported: number; statusCounts: StatusCount[] }) {
  const view: CountsView = {
    initiativeCount: counts.initiativeCount,
    initiativeCountText: countOf(counts.initiativeCount, 'initiativ', 'initiativer'),
    rows: [
      ...counts.statusCounts.map(({ status, count }) => ({
        ...statusBadge(status),
        count,
        countText: countOf(count, 'initiativ', 'initiativer'),
      })),
      {
        ...statusBadge(null),
        count: counts.notReported,
        countText: countOf(counts.notReported, 'initiativ', 'initiativer'),
      },
    ],
  };
  return view;
}

export function standingView(
  standing: InitiativeStatus,
  agency: Organization | null | undefined,
  period: string | null,
): StandingView {
  const { initiative, update } = standing;
  return {
    code: initiative.code,
    title: initiative.title,
    href: hrefs.initiative(initiative.code, period),
    agency: agency?.name ?? null,
    badge: statusBadge(standing.status),
    reportedFor: update ? `Rapportert for ${quarterInWords(update.period)}` : null,
    upToDate: standing.upToDate,
    summary: update?.summary ?? null,
  };
}

export function keyFigureView(indicator: Indicator, values: IndicatorValue[]): KeyFigureView {
  const latest = [...values].sort((a, b) => a.year - b.year).at(-1);
  const trend = computeTrend(indicator.unit, indicator.betterWhen, values);
  return {
    id: indicator.id,
    name: indicator.name,
    source: indicator.source,
    value: latest ? formatIndicatorValue(indicator.unit, latest.value) : null,
    year: latest?.year ?? null,
    outOf: indicator.unit === IndicatorUnit.RANK && indicator.rankOutOf ? `av ${indicator.rankOutOf}` : null,
    trend: trend && {
      direction: trend.direction,
      assessment: trend.assessment,
      text: trendText(trend),
      previous: previousValueText(indicator.unit, trend),
    },
    chart: indicatorChart(indicator.unit, values, indicator.rankOutOf),
  };
}

export function assessmentView(assessment: GoalAssessment): AssessmentView {
  return {
    year: assessment.year,
    level: assessment.level,
    text: assessmentText(assessment.level),
    levelName: ASSESSMENT_LEVEL_NAMES[assessment.level],
    development: DEVELOPMENT_TEXTS[assessment.development],
    summary: assessment.summary,
    challenges: assessment.challenges,
  };
}

/** What a goal's part of a page holds; key figures and assessments only where the page shows them. */
export function goalSectionView(
  goal: GoalOverview,
  options: {
    period: string | null;
    /** The executing agency of an id (primed by the overview) */
    agencyOf: (id: string) => Organization | null | undefined;
    keyFigures?: KeyFigureView[];
    /** Newest year first, as the loader gives them */
    assessments?: GoalAssessment[];
  },
): GoalSectionView {
  const [latest, ...earlier] = options.assessments ?? [];
  return {
    number: goal.goal.number,
    heading: `Mål ${goal.goal.number}`,
    title: goal.goal.title,
    href: hrefs.goal(goal.goal.number, options.period),
    description: goal.goal.description,
    counts: countsView(goal),
    keyFigures: options.keyFigures ?? [],
    assessment: latest ? assessmentView(latest) : null,
    earlierAssessments: earlier.map(assessmentView),
    initiatives: goal.initiatives.map((standing) =>
      standingView(standing, options.agencyOf(standing.initiative.executingAgencyId), options.period),
    ),
  };
}

/**
 * The quarters a reader can pick, newest first: from the strategy's first year (not before 2000-Q1) to the
 * current quarter, and the shown one if it lies outside.
 */
export function periodOptions(firstYear: number, current: string, shown: string): PeriodOption[] {
  const first = `${Math.max(firstYear, Number(FIRST_QUARTER.slice(0, 4)))}-Q1`;
  const options: PeriodOption[] = [];
  for (let q = current; q >= first; q = previousQuarter(q)) {
    options.push({ value: q, text: quarterInWords(q), selected: q === shown });
  }
  if (!options.some((o) => o.selected)) options.push({ value: shown, text: quarterInWords(shown), selected: true });
  return options;
}

export function reportLinks(periods: string[]): Link[] {
  return periods.map((period) => ({ href: hrefs.report(period), text: quarterInWords(period) }));
}

export function downloadLinks(period: string | null): Link[] {
  return [
    { href: hrefs.statusXlsx(period), text: 'Status som regneark (Excel)' },
    { href: hrefs.statusCsv(period), text: 'Status som CSV' },
    { href: hrefs.initiativesCsv(), text: 'Alle initiativer som CSV' },
    { href: hrefs.catalog(), text: 'Åpne data: datakatalog (DCAT-AP-NO)' },
  ];
}
