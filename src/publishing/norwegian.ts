import { dateInWords } from '../common/norwegian.js';
import { osloDay } from '../common/quarter.js';
import { DeliveryState, DeliveryStatus, InitiativeLifecycle } from '../initiatives/entities/enums.js';
import { Obstacle, UpdateState } from '../status-updates/entities/status-update.entity.js';
import { AssessmentLevel, Development } from '../strategy/entities/goal-assessment.entity.js';
import { IndicatorUnit } from '../strategy/entities/indicator.entity.js';
import { TrendAssessment, TrendDirection } from '../strategy/trend.js';

/**
 * How the published pages of the strategy write things (DESIGN.md, "How things read on the page"), in one
 * place: the pages, the exports and the open data all say it this way (dates and quarters in words from
 * common/norwegian.ts, which the e-mails use too). Pure functions, written out by hand
 * rather than through Intl's nb locale, so the text does not depend on the ICU data a Node build carries.
 */

/** Between thousands and between a number and its unit: a space that never breaks the line. */
export const NBSP = '\u00a0';

/**
 * 7406 → «7 406», 46.5 → «46,5», -1.25 → «−1,25»: a decimal comma, a space between thousands, at most
 * `maxDecimals` decimals and no trailing zeros.
 */
export function formatNumber(value: number, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(maxDecimals);
  const [whole, fraction = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  const decimals = fraction.replace(/0+$/, '');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '\u2212' : ''}${grouped}${decimals ? `,${decimals}` : ''}`;
}

/** «47 %» */
export function formatPercent(value: number): string {
  return `${formatNumber(value)}${NBSP}%`;
}

/** «6. plass» */
export function formatRank(place: number): string {
  return `${formatNumber(place, 0)}. plass`;
}

/** A key figure's value as the figure shows it: «47 %», «6. plass», «9 257». */
export function formatIndicatorValue(unit: IndicatorUnit, value: number): string {
  if (unit === IndicatorUnit.PERCENT) return formatPercent(value);
  if (unit === IndicatorUnit.RANK) return formatRank(value);
  return formatNumber(value);
}

/** The value inside a sentence: «50 prosent», «16. plass», «7 406». */
function valueInSentence(unit: IndicatorUnit, value: number): string {
  if (unit === IndicatorUnit.PERCENT) return `${formatNumber(value)} prosent`;
  return formatIndicatorValue(unit, value);
}

export const UNIT_NAMES: Record<IndicatorUnit, string> = {
  [IndicatorUnit.PERCENT]: 'prosent',
  [IndicatorUnit.RANK]: 'plassering',
  [IndicatorUnit.NUMBER]: 'antall',
};

const DIRECTION_WORDS: Record<TrendDirection, string> = {
  [TrendDirection.RISING]: 'økende',
  [TrendDirection.FALLING]: 'synkende',
  [TrendDirection.STEADY]: 'stabil',
};

const ASSESSMENT_WORDS: Record<TrendAssessment, string> = {
  [TrendAssessment.POSITIVE]: 'Positiv',
  [TrendAssessment.NEGATIVE]: 'Negativ',
  [TrendAssessment.NEUTRAL]: 'Nøytral',
};

/** The assessment first, as the published pages say it: «Negativ synkende trend». */
export function trendText(trend: { direction: TrendDirection; assessment: TrendAssessment }): string {
  return `${ASSESSMENT_WORDS[trend.assessment]} ${DIRECTION_WORDS[trend.direction]} trend`;
}

/**
 * The previous value and the way the figure moved from it: «Ned fra 50 prosent i 2020», «Opp fra 9. plass
 * i 2020» (a place number that falls is a standing that rises, as the trend's direction says).
 */
export function previousValueText(
  unit: IndicatorUnit,
  trend: { direction: TrendDirection; previous: { year: number; value: number } },
): string {
  const word =
    trend.direction === TrendDirection.RISING ? 'Opp' : trend.direction === TrendDirection.FALLING ? 'Ned' : 'Uendret';
  return `${word} fra ${valueInSentence(unit, trend.previous.value)} i ${trend.previous.year}`;
}

/**
 * «15. oktober 2025»: an instant as the day it was in Oslo, or a calendar date (YYYY-MM-DD) as it is
 * (quarters in words: common/norwegian.ts, quarterInWords).
 */
export function formatDate(value: Date | string): string {
  return dateInWords(typeof value === 'string' ? value : osloDay(value));
}

export const STATUS_NAMES: Record<DeliveryStatus, string> = {
  [DeliveryStatus.NOT_STARTED]: 'Ikke startet',
  [DeliveryStatus.ON_TRACK]: 'På plan',
  [DeliveryStatus.MINOR_DELAYS]: 'Mindre forsinkelser',
  [DeliveryStatus.MAJOR_DELAYS]: 'Store forsinkelser',
  [DeliveryStatus.COMPLETED]: 'Ferdigstilt',
  [DeliveryStatus.STOPPED]: 'Stanset',
};

/** What the pages say of an initiative with no published update up to the period. */
export const NOT_REPORTED = 'Ikke rapportert';

export function statusName(status: DeliveryStatus | null): string {
  return status ? STATUS_NAMES[status] : NOT_REPORTED;
}

export const ASSESSMENT_LEVEL_NAMES: Record<AssessmentLevel, string> = {
  [AssessmentLevel.GOOD]: 'god',
  [AssessmentLevel.MEDIUM]: 'middels',
  [AssessmentLevel.LESS_GOOD]: 'mindre god',
};

/** «Vi vurderer status for dette målet til middels» */
export function assessmentText(level: AssessmentLevel): string {
  return `Vi vurderer status for dette målet til ${ASSESSMENT_LEVEL_NAMES[level]}`;
}

export const DEVELOPMENT_TEXTS: Record<Development, string> = {
  [Development.IMPROVING]: 'Utviklingen siden året før er positiv',
  [Development.UNCHANGED]: 'Utviklingen siden året før er uendret',
  [Development.WORSENING]: 'Utviklingen siden året før er negativ',
};

export const OBSTACLE_NAMES: Record<Obstacle, string> = {
  [Obstacle.CAPACITY]: 'Kapasitet',
  [Obstacle.FUNDING]: 'Finansiering',
  [Obstacle.LEGAL]: 'Regelverk',
  [Obstacle.COORDINATION]: 'Samordning',
  [Obstacle.TECHNOLOGY]: 'Teknologi',
  [Obstacle.COMPETENCE]: 'Kompetanse',
  [Obstacle.OTHER]: 'Annet',
};

export const LIFECYCLE_NAMES: Record<InitiativeLifecycle, string> = {
  [InitiativeLifecycle.PLANNED]: 'Planlagt',
  [InitiativeLifecycle.ACTIVE]: 'Pågår',
  [InitiativeLifecycle.COMPLETED]: 'Fullført',
  [InitiativeLifecycle.DISCONTINUED]: 'Avsluttet',
};

export const DELIVERY_STATE_NAMES: Record<DeliveryState, string> = {
  [DeliveryState.PLANNED]: 'Planlagt',
  [DeliveryState.DONE]: 'Levert',
  [DeliveryState.CANCELLED]: 'Avlyst',
};

export const UPDATE_STATE_NAMES: Record<UpdateState, string> = {
  [UpdateState.DRAFT]: 'Utkast',
  [UpdateState.SUBMITTED]: 'Sendt inn',
  [UpdateState.APPROVED]: 'Godkjent',
  [UpdateState.RETURNED]: 'Returnert',
};

/** What the round export says of an expected initiative without an update for the period. */
export const NO_UPDATE = 'Mangler';

/** «1 initiativ», «12 initiativer», «1 234 initiativer» */
export function countOf(count: number, one: string, many: string): string {
  return `${formatNumber(count, 0)} ${count === 1 ? one : many}`;
}

/** «Ja» / «Nei» */
export function yesNo(value: boolean): string {
  return value ? 'Ja' : 'Nei';
}
