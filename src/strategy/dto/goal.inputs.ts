import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { TEXT, TextField } from '../../common/validation/index.js';
import { RequiredTextUpdateField } from '../../common/validation/update-fields.js';
import { AssessmentLevel, Development } from '../entities/goal-assessment.entity.js';
import { YearField } from './strategy.inputs.js';

@InputType()
export class CreateGoalInput {
  @Field(() => ID)
  strategyId: string;

  /** The database allows 1 to 1000 (ck_goal_number); a plan has a handful. */
  @Field(() => Int, { description: 'Mål 1, Mål 2, ...: unique within its strategy. From 1 to 1000.' })
  @IsInt()
  @Min(1, { message: 'must be from 1 to 1000' })
  @Max(1000, { message: 'must be from 1 to 1000' })
  number: number;

  @TextField({ max: TEXT.TITLE })
  title: string;

  @TextField({ max: TEXT.LONG, nullable: true })
  description?: string | null;
}

/** Fields left out stay as they are; description given as null is cleared. */
@InputType()
export class UpdateGoalInput {
  @RequiredTextUpdateField({ max: TEXT.TITLE })
  title?: string;

  @TextField({ max: TEXT.LONG, nullable: true, description: 'Null clears it' })
  description?: string | null;
}

@InputType({ description: "Adds the year's assessment, or replaces it" })
export class SetGoalAssessmentInput {
  @Field(() => ID)
  goalId: string;

  @YearField()
  year: number;

  @Field(() => AssessmentLevel)
  level: AssessmentLevel;

  /** The directorate computes the score to two decimals on a scale of 1 (mindre god) to 3 (god). */
  @Field(() => Float, { nullable: true, description: 'Weighted score from 1.00 to 3.00, at most two decimals' })
  @IsOptional()
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
    { message: 'must be a number with at most two decimals' },
  )
  @Min(1, { message: 'must be from 1.00 to 3.00' })
  @Max(3, { message: 'must be from 1.00 to 3.00' })
  score?: number | null;

  @Field(() => Development, { description: 'Compared with the year before' })
  development: Development;

  @TextField({ max: TEXT.SUMMARY })
  summary: string;

  @TextField({ max: TEXT.LONG, nullable: true })
  challenges?: string | null;
}
