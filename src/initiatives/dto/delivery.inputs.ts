import { Field, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { DateScalar } from '../../common/scalars/index.js';
import { TEXT, TextField } from '../../common/validation/index.js';
import { NotNullWhenGiven, RequiredTextUpdateField } from '../../common/validation/update-fields.js';
import { DeliveryState } from '../entities/enums.js';

@InputType()
export class DeliveryInput {
  @TextField({ max: TEXT.TITLE })
  title: string;

  @TextField({ max: TEXT.LONG, nullable: true })
  description?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  dueDate?: string | null;

  @Field(() => DeliveryState, { nullable: true, defaultValue: DeliveryState.PLANNED })
  @NotNullWhenGiven()
  state?: DeliveryState;

  @Field(() => DateScalar, { nullable: true, description: 'Only with state DONE (otherwise BAD_USER_INPUT)' })
  @IsOptional()
  completedOn?: string | null;
}

/** Fields left out stay as they are. */
@InputType()
export class UpdateDeliveryInput {
  @RequiredTextUpdateField({ max: TEXT.TITLE })
  title?: string;

  @TextField({ max: TEXT.LONG, nullable: true, description: 'Null clears it' })
  description?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Null clears it' })
  @IsOptional()
  dueDate?: string | null;

  @Field(() => DeliveryState, { nullable: true, description: 'A state other than DONE clears completedOn' })
  @NotNullWhenGiven()
  state?: DeliveryState;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Only with state DONE (otherwise BAD_USER_INPUT); null clears it',
  })
  @IsOptional()
  completedOn?: string | null;
}
