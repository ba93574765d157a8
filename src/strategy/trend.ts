import { IndicatorUnit, Preference } from './entities/indicator.entity.js';

export enum TrendDirection {
  RISING = 'RISING',
  FALLING = 'FALLING',
  STEADY = 'STEADY',
}

export enum TrendAssessment {
  POSITIVE = 'POSITIVE',
  NEGATIVE = 'NEGATIVE',
  NEUTRAL = 'NEUTRAL',
}

export interface YearValue {
  year: number;
  value: number;
  note?: string | null;
}

export interface Trend<V extends YearValue = YearValue> {
  current: V;
  previous: V;
  change: number;
  direction: TrendDirection;
  assessment: TrendAssessment;
}

/**
 * The latest year's value against the previous year's (by year, whatever order they were recorded in),
 * as the published figures say it (DESIGN.md):
 * - direction: for PERCENT and NUMBER the value's; for RANK the standing's, so a place number that falls
 *   (9th to 6th) is RISING;
 * - assessment: POSITIVE when the value moved the `betterWhen` way, NEGATIVE the other way, NEUTRAL when steady.
 * Null with fewer than two values.
 */
export function computeTrend<V extends YearValue>(
  unit: IndicatorUnit,
  betterWhen: Preference,
  values: readonly V[],
): Trend<V> | null {
  if (values.length < 2) return null;
  const byYear = [...values].sort((a, b) => a.year - b.year);
  const current = byYear[byYear.length - 1];
  const previous = byYear[byYear.length - 2];
  const change = cleanFloat(current.value - previous.value);
  const valueMove = Math.sign(change);
  if (valueMove === 0) {
    return { current, previous, change: 0, direction: TrendDirection.STEADY, assessment: TrendAssessment.NEUTRAL };
  }
  // A rank is better when lower whatever was stored, as the contract says.
  const better = unit === IndicatorUnit.RANK ? Preference.LOWER : betterWhen;
  const standingMove = unit === IndicatorUnit.RANK ? -valueMove : valueMove;
  const wentBetterWay = better === Preference.HIGHER ? valueMove > 0 : valueMove < 0;
  return {
    current,
    previous,
    change,
    direction: standingMove > 0 ? TrendDirection.RISING : TrendDirection.FALLING,
    assessment: wentBetterWay ? TrendAssessment.POSITIVE : TrendAssessment.NEGATIVE,
  };
}

/** 46.7 - 46.5 is 0.20000000000000284 in binary floating point; 12 significant digits say 0.2. */
function cleanFloat(value: number): number {
  const cleaned = Number.parseFloat(value.toPrecision(12));
  return Object.is(cleaned, -0) ? 0 : cleaned;
}
