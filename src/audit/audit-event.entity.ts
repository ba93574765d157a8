import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeScalar, JSONScalar } from '../common/scalars/index.js';

export interface AuditChanges {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

@ObjectType({ description: 'One write to the plan: who did what to which record, with the values before and after' })
@Entity('audit_event')
@Index('ix_audit_event_entity', ['entityType', 'entityId', 'id'])
export class AuditEvent {
  /** A sequence, so "newest first" is exact even within one second */
  @Field(() => ID)
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Field(() => DateTimeScalar)
  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Field({ description: 'The token subject of whoever did it' })
  @Column({ type: 'varchar', length: 255 })
  actor: string;

  @Field({
    description:
      'entity.verb in camelCase: organization.create, initiative.update, delivery.add, indicator.recordValue, ' +
      'goalAssessment.set, statusUpdate.save, statusUpdate.submit, statusUpdate.approve, statusUpdate.return, ...',
  })
  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Field({
    description:
      'The GraphQL type name of what changed: Organization, Strategy, Goal, Indicator, GoalAssessment, FocusArea, ' +
      'LifeEvent, Initiative, Delivery, StatusUpdate',
  })
  @Column({ name: 'entity_type', type: 'varchar', length: 50 })
  entityType: string;

  @Field(() => ID)
  @Column({ name: 'entity_id', type: 'varchar', length: 100 })
  entityId: string;

  @Field(() => JSONScalar, {
    nullable: true,
    description:
      '{ before: {field: value}, after: {field: value} } over the fields that changed; before is null when the ' +
      'entity was created',
  })
  @Column({ type: 'jsonb', nullable: true })
  changes: AuditChanges | null;
}
