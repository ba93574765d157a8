import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { DateScalar, QuarterScalar } from '../../common/scalars/index.js';
import { TextField } from '../../common/validation/index.js';

/** Long enough for the directorate's note to the owners, not for a document. */
export const ROUND_MESSAGE_MAX = 2000;

@InputType()
export class OpenReportingRoundInput {
  /** Checked against the current quarter in the service (it depends on the clock). */
  @Field(() => QuarterScalar, { description: 'At most the current quarter (Europe/Oslo), like status updates' })
  @IsString()
  period: string;

  @Field(() => DateScalar, { description: 'Not before the first day of the period' })
  @IsString()
  dueDate: string;

  @TextField({
    max: ROUND_MESSAGE_MAX,
    nullable: true,
    description: 'Shown to the owners in the notice that the round is open',
  })
  message?: string | null;
}

/** closeReportingRound's arguments */
@ArgsType()
export class RoundArgs {
  @Field(() => QuarterScalar)
  @IsString()
  period: string;

  @Field(() => Int, {
    nullable: true,
    description: "When given and not the round's version: CONFLICT, and nothing is written",
  })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

/** setReportingRoundDueDate's arguments */
@ArgsType()
export class SetDueDateArgs extends RoundArgs {
  @Field(() => DateScalar, { description: 'Not before the first day of the period' })
  @IsString()
  dueDate: string;
}
