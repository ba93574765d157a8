import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../common/entity-columns.js';

@ObjectType({ description: 'Livshendelse, e.g. Alvorlig sykt barn' })
@Entity('life_event')
@Index('uq_life_event_strategy_slug', ['strategyId', 'slug'], { unique: true })
export class LifeEvent extends VersionedEntity {
  @Column({ name: 'strategy_id', type: 'uuid' })
  strategyId: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'responsible_ministry_id', type: 'uuid', nullable: true })
  responsibleMinistryId: string | null;
}
