import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../common/entity-columns.js';

@ObjectType({ description: 'Innsatsområde' })
@Entity('focus_area')
@Index('uq_focus_area_strategy_slug', ['strategyId', 'slug'], { unique: true })
export class FocusArea extends VersionedEntity {
  @Column({ name: 'strategy_id', type: 'uuid' })
  strategyId: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;
}
