import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IndicatorValue } from '../entities/indicator.entity.js';
import { TrendAssessment, TrendDirection } from '../trend.js';

registerEnumType(TrendDirection, {
  name: 'TrendDirection',
  valuesMap: {
    RISING: { description: 'The value rose; for RANK: the standing rose, i.e. the place number fell' },
    FALLING: { description: 'The value fell; for RANK: the standing fell, i.e. the place number rose' },
  },
});
registerEnumType(TrendAssessment, { name: 'TrendAssessment' });

@ObjectType('IndicatorTrend', { description: "The latest year's value against the previous year's" })
export class IndicatorTrendModel {
  @Field(() => IndicatorValue)
  current: IndicatorValue;

  @Field(() => IndicatorValue)
  previous: IndicatorValue;

  @Field(() => Float, { description: 'current.value - previous.value' })
  change: number;

  @Field(() => TrendDirection)
  direction: TrendDirection;

  @Field(() => TrendAssessment, {
    description:
      'POSITIVE when the change goes the better way, NEGATIVE when it goes the other way, NEUTRAL when STEADY',
  })
  assessment: TrendAssessment;
}
