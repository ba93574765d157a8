import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../common/entity-columns.js';

@ObjectType({ description: 'A numbered goal (mål) of a strategy, with key figures and yearly assessments' })
@Entity('goal')
@Index('uq_goal_strategy_number', ['strategyId', 'number'], { unique: true })
export class Goal extends VersionedEntity {
  @Column({ name: 'strategy_id', type: 'uuid' })
  strategyId: string;

  @Field(() => Int, { description: 'Mål 1, Mål 2, ...: unique within its strategy' })
  @Column({ type: 'int' })
  number: number;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;
}
