import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { TEXT, TextField } from '../../common/validation/index.js';

/** submitStatusUpdate's and withdrawStatusUpdate's arguments */
@ArgsType()
export class SubmitStatusUpdateArgs {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

/** approveStatusUpdate's arguments: the comment is optional */
@ArgsType()
export class ApproveStatusUpdateArgs extends SubmitStatusUpdateArgs {
  @TextField({ max: TEXT.COMMENT, nullable: true, description: 'Becomes the reviewComment' })
  comment?: string | null;
}

/** returnStatusUpdate's arguments: the comment says what to fix, so it is required and not blank */
@ArgsType()
export class ReturnStatusUpdateArgs extends SubmitStatusUpdateArgs {
  @TextField({ max: TEXT.COMMENT, description: 'What to fix; becomes the reviewComment' })
  comment: string;
}
