import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../../common/entity-columns.js';

export enum AssessmentLevel {
  GOOD = 'GOOD',
  MEDIUM = 'MEDIUM',
  LESS_GOOD = 'LESS_GOOD',
}
registerEnumType(AssessmentLevel, {
  name: 'AssessmentLevel',
  description:
    "The directorate's yearly verdict on a goal: god (green, check), middels (yellow, dash), mindre god (red, cross)",
});

export enum Development {
  IMPROVING = 'IMPROVING',
  UNCHANGED = 'UNCHANGED',
  WORSENING = 'WORSENING',
}
registerEnumType(Development, { name: 'Development' });

/** numeric comes back from pg as a string; the API speaks numbers. */
const numericTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

@ObjectType({ description: "The directorate's yearly verdict (vurdering av status) on a goal" })
@Entity('goal_assessment')
@Index('uq_goal_assessment_goal_year', ['goalId', 'year'], { unique: true })
export class GoalAssessment extends VersionedEntity {
  @Column({ name: 'goal_id', type: 'uuid' })
  goalId: string;

  @Field(() => Int)
  @Column({ type: 'int' })
  year: number;

  @Field(() => AssessmentLevel)
  @Column({ type: 'varchar', length: 20 })
  level: AssessmentLevel;

  @Field(() => Float, {
    nullable: true,
    description: 'Weighted score from 1.00 to 3.00 where one was computed: GOOD from 2.25, LESS_GOOD up to 1.75',
  })
  @Column({ type: 'numeric', precision: 3, scale: 2, nullable: true, transformer: numericTransformer })
  score: number | null;

  @Field(() => Development, { description: 'Compared with the year before' })
  @Column({ type: 'varchar', length: 20 })
  development: Development;

  @Field()
  @Column({ type: 'text' })
  summary: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  challenges: string | null;
}
