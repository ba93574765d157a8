import { IndicatorUnit } from '../strategy/entities/indicator.entity.js';
import { CHART_YEARS, indicatorChart } from './indicator-chart.js';
import { NBSP } from './norwegian.js';

describe('indicatorChart', () => {
  it('draws nothing without values', () => {
    expect(indicatorChart(IndicatorUnit.PERCENT, [], null)).toBeNull();
  });

  it('draws a share of 100 %, oldest year first, and says the values in words', () => {
    const chart = indicatorChart(
      IndicatorUnit.PERCENT,
      [
        { year: 2021, value: 47 },
        { year: 2020, value: 50 },
      ],
      null,
    )!;
    expect(chart.bars.map((b) => b.year)).toEqual([2020, 2021]);
    expect(chart.bars[0].height / chart.bars[1].height).toBeCloseTo(50 / 47, 2);
    for (const bar of chart.bars) expect(bar.y + bar.height).toBe(chart.baseline);
    expect(chart.description).toBe(`2020: 50${NBSP}%, 2021: 47${NBSP}%`);
    expect(chart.bars[1].x).toBeGreaterThanOrEqual(chart.bars[0].x + chart.bars[0].width);
    expect(chart.width).toBeGreaterThanOrEqual(chart.bars[1].x + chart.bars[1].width);
  });

  it('draws a better place in a ranking as a taller bar', () => {
    const chart = indicatorChart(
      IndicatorUnit.RANK,
      [
        { year: 2020, value: 9 },
        { year: 2021, value: 6 },
      ],
      36,
    )!;
    expect(chart.bars[1].height).toBeGreaterThan(chart.bars[0].height);
    expect(chart.bars[1].height / chart.bars[0].height).toBeCloseTo(31 / 28, 2);
    expect(chart.description).toBe('2020: 9. plass, 2021: 6. plass');
  });

  it('scales numbers to the largest shown and keeps the newest years', () => {
    const values = Array.from({ length: 12 }, (_, i) => ({ year: 2010 + i, value: (i + 1) * 1000 }));
    const chart = indicatorChart(IndicatorUnit.NUMBER, values, null)!;
    expect(chart.bars).toHaveLength(CHART_YEARS);
    expect(chart.bars[0].year).toBe(2010 + 12 - CHART_YEARS);
    expect(chart.bars[CHART_YEARS - 1].y).toBe(chart.baseline - Math.max(...chart.bars.map((b) => b.height)));
    expect(chart.bars[CHART_YEARS - 1].valueText).toBe(`12${NBSP}000`);
  });
});
