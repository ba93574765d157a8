import { Field, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/pagination/index.js';
import { QuarterScalar } from '../../common/scalars/index.js';
import { DeliveryStatus } from '../../initiatives/entities/enums.js';
import { StatusUpdate } from '../entities/status-update.entity.js';

@ObjectType({ description: 'Who wrote an update: the token subject and, where the token gave one, the name' })
export class UserRef {
  @Field()
  subject: string;

  @Field(() => String, { nullable: true })
  name: string | null;
}

@ObjectType({ description: "One approved status in an initiative's history" })
export class StatusPoint {
  @Field(() => QuarterScalar)
  period: string;

  @Field(() => DeliveryStatus)
  status: DeliveryStatus;
}

@ObjectType()
export class StatusUpdateConnection extends Connection(StatusUpdate) {}
