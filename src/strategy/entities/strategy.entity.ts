import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../common/entity-columns.js';

@ObjectType({
  description: 'A digitalisation strategy (digitaliseringsstrategi): the whole plan, with a period of years',
})
@Entity('strategy')
export class Strategy extends VersionedEntity {
  @Field({ description: 'URL-safe key, e.g. en-digital-offentlig-sektor' })
  @Column({ type: 'varchar', length: 100 })
  @Index('uq_strategy_slug', { unique: true })
  slug: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field(() => Int)
  @Column({ name: 'period_start', type: 'int' })
  periodStart: number;

  @Field(() => Int)
  @Column({ name: 'period_end', type: 'int' })
  periodEnd: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;
}
