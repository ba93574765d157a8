import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsArray, IsEnum, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { QuarterScalar } from '../../common/scalars/index.js';
import { TEXT, TextField } from '../../common/validation/index.js';
import { DeliveryStatus } from '../../initiatives/entities/enums.js';
import { Obstacle } from '../entities/status-update.entity.js';

/** The owner's quarterly report for one initiative and period; saving it again edits the same record. */
@InputType()
export class SaveStatusUpdateInput {
  @Field(() => ID)
  @IsString()
  initiativeId: string;

  /** The period is checked against the current quarter in the service (it depends on the clock). */
  @Field(() => QuarterScalar)
  @IsString()
  period: string;

  @Field(() => DeliveryStatus)
  @IsEnum(DeliveryStatus)
  status: DeliveryStatus;

  @Field(() => Int, { nullable: true, description: '0 to 100' })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'must be from 0 to 100' })
  @Max(100, { message: 'must be from 0 to 100' })
  progressPercent?: number | null;

  // Long enough for a detailed quarterly report, not for a document.
  @TextField({ max: TEXT.SUMMARY })
  summary: string;

  @TextField({ max: TEXT.LONG, nullable: true })
  achievements?: string | null;

  @TextField({ max: TEXT.LONG, nullable: true })
  nextSteps?: string | null;

  @TextField({ max: TEXT.LONG, nullable: true })
  risks?: string | null;

  /** Given twice, an obstacle counts once. */
  @Field(() => [Obstacle], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(Obstacle, { each: true })
  obstacles?: Obstacle[] | null;

  @Field(() => Int, {
    nullable: true,
    description: "When given and not the record's version: CONFLICT, and nothing is written",
  })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}
