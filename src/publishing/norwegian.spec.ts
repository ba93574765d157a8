import { osloDay } from '../common/quarter.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { AssessmentLevel } from '../strategy/entities/goal-assessment.entity.js';
import { IndicatorUnit, Preference } from '../strategy/entities/indicator.entity.js';
import { computeTrend } from '../strategy/trend.js';
import {
  assessmentText,
  countOf,
  formatDate,
  formatIndicatorValue,
  formatNumber,
  NBSP,
  previousValueText,
  statusName,
  STATUS_NAMES,
  trendText,
} from './norwegian.js';

/** Spaces shown as they are written: a no-break space as «_». */
const shown = (text: string) => text.replaceAll(NBSP, '_');

describe('Norwegian formatting', () => {
  it.each([
    [0, '0'],
    [47, '47'],
    [46.5, '46,5'],
    [0.25, '0,25'],
    [7406, '7_406'],
    [9257.5, '9_257,5'],
    [1234567.891, '1_234_567,89'],
    [999, '999'],
    [-1.5, '\u22121,5'],
    [-0.001, '0'],
    [2.1, '2,1'],
  ])('writes %p as %p: a decimal comma and a space between thousands', (value, text) => {
    expect(shown(formatNumber(value))).toBe(text);
  });

  it('writes a key figure with its unit: «47 %», «6. plass», a number as it is', () => {
    expect(shown(formatIndicatorValue(IndicatorUnit.PERCENT, 47))).toBe('47_%');
    expect(shown(formatIndicatorValue(IndicatorUnit.PERCENT, 46.7))).toBe('46,7_%');
    expect(formatIndicatorValue(IndicatorUnit.RANK, 6)).toBe('6. plass');
    expect(shown(formatIndicatorValue(IndicatorUnit.NUMBER, 9257))).toBe('9_257');
  });

  // The published figures of DESIGN.md, "Indicator trends": the trend and the previous value in words.
  it.each([
    [IndicatorUnit.PERCENT, Preference.HIGHER, 50, 2020, 47, 'Negativ synkende trend', 'Ned fra 50 prosent i 2020'],
    [IndicatorUnit.PERCENT, Preference.LOWER, 11, 2019, 15, 'Negativ økende trend', 'Opp fra 11 prosent i 2019'],
    [IndicatorUnit.RANK, Preference.LOWER, 16, 2020, 18, 'Negativ synkende trend', 'Ned fra 16. plass i 2020'],
    [IndicatorUnit.PERCENT, Preference.HIGHER, 31, 2020, 30, 'Negativ synkende trend', 'Ned fra 31 prosent i 2020'],
    [IndicatorUnit.RANK, Preference.LOWER, 9, 2020, 6, 'Positiv økende trend', 'Opp fra 9. plass i 2020'],
    [IndicatorUnit.NUMBER, Preference.HIGHER, 7406, 2020, 9257, 'Positiv økende trend', 'Opp fra 7_406 i 2020'],
    [IndicatorUnit.PERCENT, Preference.HIGHER, 51, 2022, 51, 'Nøytral stabil trend', 'Uendret fra 51 prosent i 2022'],
  ])('%s (%s better), %p in %p, now %p: «%s», «%s»', (unit, betterWhen, before, year, now, trend, previous) => {
    const computed = computeTrend(unit, betterWhen, [
      { year, value: before },
      { year: year + 1, value: now },
    ])!;
    expect(trendText(computed)).toBe(trend);
    expect(shown(previousValueText(unit, computed))).toBe(previous);
  });

  it('writes dates as «15. oktober 2025», an instant as its day in Oslo', () => {
    expect(formatDate('2025-10-15')).toBe('15. oktober 2025');
    expect(formatDate('2026-01-01')).toBe('1. januar 2026');
    // 23:30 UTC on 31 December is already New Year's Day in Oslo (winter time, UTC+1) ...
    expect(formatDate(new Date('2025-12-31T23:30:00Z'))).toBe('1. januar 2026');
    // ... and 22:30 UTC on 30 June is past midnight there in summer time (UTC+2).
    expect(formatDate(new Date('2025-06-30T22:30:00Z'))).toBe('1. juli 2025');
    expect(formatDate(new Date('2025-06-30T21:30:00Z'))).toBe('30. juni 2025');
    expect(osloDay(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
  });

  it('names every status in Norwegian, and an initiative without a published update', () => {
    expect(Object.values(DeliveryStatus).map((s) => STATUS_NAMES[s])).toEqual([
      'Ikke startet',
      'På plan',
      'Mindre forsinkelser',
      'Store forsinkelser',
      'Ferdigstilt',
      'Stanset',
    ]);
    expect(statusName(null)).toBe('Ikke rapportert');
  });

  it('says the assessment as the goal pages do', () => {
    expect(assessmentText(AssessmentLevel.MEDIUM)).toBe('Vi vurderer status for dette målet til middels');
    expect(assessmentText(AssessmentLevel.GOOD)).toBe('Vi vurderer status for dette målet til god');
    expect(assessmentText(AssessmentLevel.LESS_GOOD)).toBe('Vi vurderer status for dette målet til mindre god');
  });

  it('counts in the singular and the plural', () => {
    expect(countOf(1, 'initiativ', 'initiativer')).toBe('1 initiativ');
    expect(countOf(0, 'initiativ', 'initiativer')).toBe('0 initiativer');
    expect(shown(countOf(1234, 'initiativ', 'initiativer'))).toBe('1_234 initiativer');
  });
});
