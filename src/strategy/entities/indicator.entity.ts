import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { VersionedEntity } from '../../common/entity-columns.js';

export enum IndicatorUnit {
  PERCENT = 'PERCENT',
  RANK = 'RANK',
  NUMBER = 'NUMBER',
}
registerEnumType(IndicatorUnit, {
  name: 'IndicatorUnit',
  valuesMap: {
    RANK: { description: 'A place in a ranking, e.g. 6th of 36 countries: a lower number is a better standing' },
  },
});

export enum Preference {
  HIGHER = 'HIGHER',
  LOWER = 'LOWER',
}
registerEnumType(Preference, { name: 'Preference' });

@ObjectType({ description: 'A key figure (nøkkeltall) of a goal, with one value per year' })
@Entity('indicator')
@Index('ix_indicator_goal', ['goalId', 'seq'])
export class Indicator extends VersionedEntity {
  @Column({ name: 'goal_id', type: 'uuid' })
  goalId: string;

  /** Creation order, which is the order the contract lists indicators in. */
  @Column({ type: 'bigint', insert: false, update: false })
  @Generated('increment')
  seq: string;

  @Field({ description: 'What is measured, e.g. Andel innbyggere som har tillit til ...' })
  @Column({ type: 'varchar', length: 500 })
  name: string;

  @Field(() => IndicatorUnit)
  @Column({ type: 'varchar', length: 20 })
  unit: IndicatorUnit;

  @Field(() => Preference, { description: 'Which way is better. Always LOWER for RANK.' })
  @Column({ name: 'better_when', type: 'varchar', length: 10 })
  betterWhen: Preference;

  @Field(() => Int, { nullable: true, description: 'For RANK: how many were ranked, e.g. 36' })
  @Column({ name: 'rank_out_of', type: 'int', nullable: true })
  rankOutOf: number | null;

  @Field({ description: 'Where the figure comes from, e.g. IT i praksis' })
  @Column({ type: 'varchar', length: 300 })
  source: string;
}

@ObjectType()
@Entity('indicator_value')
export class IndicatorValue {
  @PrimaryColumn({ name: 'indicator_id', type: 'uuid' })
  indicatorId: string;

  @Field(() => Int)
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  value: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}
