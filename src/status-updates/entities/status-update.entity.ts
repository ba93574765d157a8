import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedPublicEntity } from '../../common/entity-columns.js';
import { DateTimeScalar, QuarterScalar } from '../../common/scalars/index.js';
import { DeliveryStatus } from '../../initiatives/entities/enums.js';

export enum UpdateState {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
}
registerEnumType(UpdateState, { name: 'UpdateState' });

export enum Obstacle {
  CAPACITY = 'CAPACITY',
  FUNDING = 'FUNDING',
  LEGAL = 'LEGAL',
  COORDINATION = 'COORDINATION',
  TECHNOLOGY = 'TECHNOLOGY',
  COMPETENCE = 'COMPETENCE',
  OTHER = 'OTHER',
}
registerEnumType(Obstacle, {
  name: 'Obstacle',
  description: 'What held an initiative back in a period; the directorate counts these across the plan',
});

/**
 * One quarterly status update (kvartalsrapport). `author` and `reviewComment` are resolved by field
 * resolvers that hide them from anonymous callers.
 */
@ObjectType({
  description:
    'One quarterly status update (kvartalsrapport) of one initiative. At most one per initiative and period.',
})
@Entity('status_update')
@Index('uq_status_update_initiative_period', ['initiativeId', 'period'], { unique: true })
@Index('ix_status_update_state_submitted', ['state', 'submittedAt'])
@Index('ix_status_update_period_state', ['period', 'state'])
export class StatusUpdate extends VersionedPublicEntity {
  @Column({ name: 'initiative_id', type: 'uuid' })
  initiativeId: string;

  @Field(() => QuarterScalar)
  @Column({ type: 'char', length: 7 })
  period: string;

  @Field(() => DeliveryStatus)
  @Column({ type: 'varchar', length: 20 })
  status: DeliveryStatus;

  @Field(() => Int, { nullable: true, description: '0 to 100' })
  @Column({ name: 'progress_percent', type: 'smallint', nullable: true })
  progressPercent: number | null;

  @Field()
  @Column({ type: 'text' })
  summary: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  achievements: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'next_steps', type: 'text', nullable: true })
  nextSteps: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  risks: string | null;

  @Field(() => [Obstacle])
  @Column({ type: 'varchar', length: 20, array: true, default: () => "'{}'" })
  obstacles: Obstacle[];

  @Field(() => UpdateState)
  @Column({ type: 'varchar', length: 20, default: UpdateState.DRAFT })
  state: UpdateState;

  @Column({ name: 'author_subject', type: 'varchar', length: 255 })
  authorSubject: string;

  @Column({ name: 'author_name', type: 'varchar', length: 300, nullable: true })
  authorName: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /**
   * The first submission, kept through withdrawal and return; the rounds module resolves it as
   * `firstSubmittedAt` and judges lateness by it.
   */
  @Column({ name: 'first_submitted_at', type: 'timestamptz', nullable: true })
  firstSubmittedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'reviewer_subject', type: 'varchar', length: 255, nullable: true })
  reviewerSubject: string | null;

  /** Resolved as `reviewComment`, null for anonymous callers */
  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
