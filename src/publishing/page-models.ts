import type { DeliveryStatus } from '../initiatives/entities/enums.js';
import type { AssessmentLevel } from '../strategy/entities/goal-assessment.entity.js';
import type { TrendAssessment, TrendDirection } from '../strategy/trend.js';
import type { IndicatorChart } from './indicator-chart.js';

/*
 * What the templates show, every text already written the Norwegian way (norwegian.ts): the templates only
 * lay it out, so what a page says is decided, and tested, in TypeScript.
 */

export interface Link {
  href: string;
  text: string;
}

/** A status as a badge: its name and its icon, never its colour alone. Null: not reported. */
export interface StatusBadge {
  status: DeliveryStatus | null;
  /** The CSS and icon key: the enum name, or NOT_REPORTED */
  key: string;
  name: string;
}

export interface StatusCountView extends StatusBadge {
  count: number;
  countText: string;
}

export interface CountsView {
  initiativeCount: number;
  initiativeCountText: string;
  /** One row per status in enum order, then «Ikke rapportert» */
  rows: StatusCountView[];
}

export interface StandingView {
  code: string;
  title: string;
  href: string;
  agency: string | null;
  badge: StatusBadge;
  /** «Rapportert for 3. kvartal 2025»; null when nothing is published */
  reportedFor: string | null;
  /** False when the shown update is of an earlier quarter than the page's */
  upToDate: boolean;
  summary: string | null;
}

export interface TrendView {
  direction: TrendDirection;
  assessment: TrendAssessment;
  /** «Negativ synkende trend» */
  text: string;
  /** «Ned fra 50 prosent i 2020» */
  previous: string;
}

export interface KeyFigureView {
  id: string;
  name: string;
  source: string;
  /** «47 %», «6. plass»; null without values */
  value: string | null;
  year: number | null;
  /** «av 36» for a ranking of known size */
  outOf: string | null;
  /** Null with fewer than two values: a key figure with one value shows no trend */
  trend: TrendView | null;
  chart: IndicatorChart | null;
}

export interface AssessmentView {
  year: number;
  level: AssessmentLevel;
  /** «Vi vurderer status for dette målet til middels» */
  text: string;
  levelName: string;
  development: string;
  summary: string;
  challenges: string | null;
}

export interface GoalSectionView {
  number: number;
  heading: string;
  title: string;
  href: string;
  description: string | null;
  counts: CountsView;
  keyFigures: KeyFigureView[];
  assessment: AssessmentView | null;
  earlierAssessments: AssessmentView[];
  initiatives: StandingView[];
}

export interface PeriodOption {
  value: string;
  text: string;
  selected: boolean;
}

/** What every page has: its titles, where it sits, and the way to other quarters and the downloads. */
export interface PageFrame {
  /** The document's <title> */
  title: string;
  heading: string;
  strategyTitle: string;
  breadcrumbs: Link[];
  /** The GET form that shows another quarter; absent on pages that are one quarter by nature */
  periodPicker?: { action: string; options: PeriodOption[] };
  downloads: Link[];
}

export interface OverviewPage extends PageFrame {
  /** «Status per 3. kvartal 2025» */
  periodText: string;
  /** «Sist oppdatert 15. oktober 2025», from lastPublishedAt; null when nothing is published */
  lastUpdated: string | null;
  counts: CountsView;
  goals: GoalSectionView[];
  reports: Link[];
}

export interface GoalPage extends PageFrame {
  periodText: string;
  lastUpdated: string | null;
  goal: GoalSectionView;
}

export interface FactView {
  term: string;
  /** Plain text, or links */
  text?: string;
  links?: Link[];
}

export interface UpdateView {
  /** «Rapportert for 3. kvartal 2025, publisert 15. oktober 2025» */
  heading: string;
  badge: StatusBadge;
  upToDate: boolean;
  progress: string | null;
  summary: string;
  sections: { heading: string; text: string }[];
  obstacles: string[];
}

export interface InitiativePage extends PageFrame {
  periodText: string;
  badge: StatusBadge;
  summary: string;
  description: string | null;
  facts: FactView[];
  update: UpdateView | null;
  deliveries: { title: string; due: string | null; state: string; completed: string | null }[];
  history: { period: string; badge: StatusBadge }[];
}

export interface ReportPage extends PageFrame {
  /** «Status per 3. kvartal 2025, publisert 15. oktober 2025» */
  lead: string;
  counts: CountsView;
  goals: GoalSectionView[];
  reports: Link[];
}

export interface ErrorPage {
  title: string;
  heading: string;
  message: string;
  status: number;
}
