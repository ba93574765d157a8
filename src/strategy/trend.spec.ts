import { IndicatorUnit, Preference } from './entities/indicator.entity.js';
import { computeTrend, TrendAssessment, TrendDirection, type YearValue } from './trend.js';

const { PERCENT, RANK, NUMBER } = IndicatorUnit;
const { HIGHER, LOWER } = Preference;

type Row = [string, IndicatorUnit, Preference, YearValue[], number, string, string];

describe('computeTrend: the published figures of DESIGN.md', () => {
  it.each([
    [
      'trust that personal data is kept safe',
      PERCENT,
      HIGHER,
      [
        { year: 2020, value: 50 },
        { year: 2021, value: 47 },
      ],
      -3,
      'NEGATIVE',
      'FALLING',
    ],
    [
      'dissatisfied with doing tasks online',
      PERCENT,
      LOWER,
      [
        { year: 2019, value: 11 },
        { year: 2021, value: 15 },
      ],
      4,
      'NEGATIVE',
      'RISING',
    ],
    [
      'openness and transparency, rank of 36',
      RANK,
      LOWER,
      [
        { year: 2020, value: 16 },
        { year: 2021, value: 18 },
      ],
      2,
      'NEGATIVE',
      'FALLING',
    ],
    [
      'easy to get an overview',
      PERCENT,
      HIGHER,
      [
        { year: 2020, value: 31 },
        { year: 2021, value: 30 },
      ],
      -1,
      'NEGATIVE',
      'FALLING',
    ],
    [
      'digital accessibility, rank of 36',
      RANK,
      LOWER,
      [
        { year: 2020, value: 9 },
        { year: 2021, value: 6 },
      ],
      -3,
      'POSITIVE',
      'RISING',
    ],
  ] as Row[])(
    '%s: %s %s is published as the table says',
    (_name, unit, betterWhen, values, change, assessment, direction) => {
      const trend = computeTrend(unit, betterWhen, values);
      expect(trend).not.toBeNull();
      expect(trend!.change).toBe(change);
      expect(trend!.assessment).toBe(assessment);
      expect(trend!.direction).toBe(direction);
      expect(trend!.current).toEqual(values[1]);
      expect(trend!.previous).toEqual(values[0]);
    },
  );
});

describe('computeTrend', () => {
  it('is null for no value and for a single value', () => {
    expect(computeTrend(PERCENT, HIGHER, [])).toBeNull();
    expect(computeTrend(PERCENT, HIGHER, [{ year: 2021, value: 7 }])).toBeNull();
  });

  it.each([PERCENT, NUMBER, RANK])('is STEADY and NEUTRAL when the value did not move (%s)', (unit) => {
    const trend = computeTrend(unit, unit === RANK ? LOWER : HIGHER, [
      { year: 2020, value: 12 },
      { year: 2021, value: 12 },
    ]);
    expect(trend).toMatchObject({ change: 0, direction: TrendDirection.STEADY, assessment: TrendAssessment.NEUTRAL });
  });

  it('compares the two latest years, whatever order the values were recorded in', () => {
    const trend = computeTrend(PERCENT, LOWER, [
      { year: 2022, value: 21 },
      { year: 2020, value: 20 },
      { year: 2021, value: 26 },
    ]);
    expect(trend).toMatchObject({
      previous: { year: 2021, value: 26 },
      current: { year: 2022, value: 21 },
      change: -5,
    });
    expect(trend).toMatchObject({ direction: TrendDirection.FALLING, assessment: TrendAssessment.POSITIVE });
  });

  it('treats a rank as better when lower even if HIGHER was stored', () => {
    const trend = computeTrend(RANK, HIGHER, [
      { year: 2020, value: 29 },
      { year: 2021, value: 13 },
    ]);
    expect(trend).toMatchObject({ direction: TrendDirection.RISING, assessment: TrendAssessment.POSITIVE });
  });

  it('says a NUMBER that rose the better way is RISING and POSITIVE, and drops binary noise from the change', () => {
    expect(
      computeTrend(NUMBER, HIGHER, [
        { year: 2020, value: 7406 },
        { year: 2021, value: 9257 },
      ]),
    ).toMatchObject({
      change: 1851,
      direction: TrendDirection.RISING,
      assessment: TrendAssessment.POSITIVE,
    });
    expect(
      computeTrend(PERCENT, HIGHER, [
        { year: 2020, value: 46.5 },
        { year: 2021, value: 46.7 },
      ])!.change,
    ).toBe(0.2);
  });
});
