import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { IsIn, IsInt, IsNumber, IsOptional, IsPositive, ValidateIf } from 'class-validator';
import { TEXT, TextField } from '../../common/validation/index.js';
import { IndicatorUnit, Preference } from '../entities/indicator.entity.js';
import { YearField } from './strategy.inputs.js';

/** The column note is varchar(1000): a footnote to a figure, not a report. */
const NOTE_MAX = 1000;
/** The column name is varchar(500): key figures have long Norwegian names. */
const INDICATOR_NAME_MAX = 500;

@InputType()
export class CreateIndicatorInput {
  @Field(() => ID)
  goalId: string;

  @TextField({ max: INDICATOR_NAME_MAX, description: 'What is measured' })
  name: string;

  @Field(() => IndicatorUnit)
  unit: IndicatorUnit;

  @Field(() => Preference, {
    nullable: true,
    description: 'Ignored for RANK, which is always LOWER; required otherwise',
  })
  @ValidateIf((input: CreateIndicatorInput) => input.unit !== IndicatorUnit.RANK)
  @IsIn([Preference.HIGHER, Preference.LOWER], { message: 'is required for PERCENT and NUMBER: HIGHER or LOWER' })
  betterWhen?: Preference | null;

  @Field(() => Int, { nullable: true, description: 'For RANK only: how many were ranked, e.g. 36' })
  @IsOptional()
  @IsInt()
  @IsPositive({ message: 'must be a positive number' })
  rankOutOf?: number | null;

  @TextField({ max: TEXT.TITLE, description: 'Where the figure comes from' })
  source: string;
}

@InputType({ description: "Adds the year's value, or replaces it" })
export class RecordIndicatorValueInput {
  @Field(() => ID)
  indicatorId: string;

  @YearField()
  year: number;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a finite number' })
  value: number;

  @TextField({ max: NOTE_MAX, nullable: true })
  note?: string | null;
}
