import { IndicatorUnit } from '../strategy/entities/indicator.entity.js';
import { formatIndicatorValue } from './norwegian.js';

/** One year's bar, in the SVG's user units. */
export interface ChartBar {
  year: number;
  valueText: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Where the bar's labels are centred */
  centre: number;
}

/** A small bar chart of a key figure's yearly values, with its text alternative. */
export interface IndicatorChart {
  width: number;
  height: number;
  /** The baseline's y */
  baseline: number;
  /** Where the year labels sit, and the value labels above the bars */
  yearY: number;
  bars: ChartBar[];
  /** What the chart shows, for those who cannot see it: «2020: 50 %, 2021: 47 %» */
  description: string;
}

/** At most this many years are drawn, the newest ones: the chart is a sparkline, not a history. */
export const CHART_YEARS = 8;
const BAR = 32;
const GAP = 26;
const PLOT = 72;
const TOP = 18;
const BOTTOM = 20;

/**
 * The chart of a key figure's values, oldest year first; null without values. Bars are as tall as the value
 * is good: a share of 100 %, a number of the largest value shown, a place counted from the bottom of the
 * ranking (1st place is a full bar), so that taller always reads as better for a ranking too.
 */
export function indicatorChart(
  unit: IndicatorUnit,
  values: readonly { year: number; value: number }[],
  rankOutOf: number | null,
): IndicatorChart | null {
  if (values.length === 0) return null;
  const shown = [...values].sort((a, b) => a.year - b.year).slice(-CHART_YEARS);
  const largest = Math.max(...shown.map((v) => Math.abs(v.value)), 0);
  const ranked = Math.max(rankOutOf ?? 0, ...shown.map((v) => v.value));
  const share = (value: number): number => {
    if (unit === IndicatorUnit.PERCENT) return value / 100;
    if (unit === IndicatorUnit.RANK) return ranked > 0 ? (ranked - value + 1) / ranked : 0;
    return largest > 0 ? value / largest : 0;
  };
  const bars = shown.map((v, i): ChartBar => {
    const height = Math.round(Math.min(1, Math.max(0, share(v.value))) * PLOT * 10) / 10;
    const x = GAP / 2 + i * (BAR + GAP);
    return {
      year: v.year,
      valueText: formatIndicatorValue(unit, v.value),
      x,
      y: TOP + PLOT - height,
      width: BAR,
      height,
      centre: x + BAR / 2,
    };
  });
  const description = shown.map((v) => `${v.year}: ${formatIndicatorValue(unit, v.value)}`).join(', ');
  return {
    width: shown.length * (BAR + GAP),
    height: TOP + PLOT + BOTTOM,
    baseline: TOP + PLOT,
    yearY: TOP + PLOT + BOTTOM - 5,
    bars,
    description,
  };
}
