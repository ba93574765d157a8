import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../common/entity-columns.js';
import { DateScalar } from '../../common/scalars/index.js';
import { DeliveryState } from './enums.js';

@ObjectType({ description: 'A concrete delivery (leveranse) or milestone of an initiative' })
@Entity('delivery')
@Index('ix_delivery_initiative', ['initiativeId', 'dueDate'])
export class Delivery extends VersionedEntity {
  @Column({ name: 'initiative_id', type: 'uuid' })
  initiativeId: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  @Field(() => DeliveryState)
  @Column({ type: 'varchar', length: 20, default: DeliveryState.PLANNED })
  state: DeliveryState;

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;
}
