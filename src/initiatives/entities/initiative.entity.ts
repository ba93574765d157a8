import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, Index } from 'typeorm';
import { VersionedPublicEntity } from '../../common/entity-columns.js';
import { DateScalar, DateTimeScalar } from '../../common/scalars/index.js';
import { DeliveryStatus, InitiativeLifecycle } from './enums.js';

export interface LinkValue {
  title: string;
  url: string;
}

export interface ContactPersonValue {
  name: string;
  email: string | null;
  role: string | null;
}

/**
 * An initiative (tiltak) of the plan. Relations (goals, organisations, focus area, life events, deliveries)
 * are resolved by field resolvers through per-request loaders.
 */
@ObjectType({ description: 'One piece of work in the plan (initiativ / tiltak), with a code such as 2.4' })
@Entity('initiative')
@Index('uq_initiative_strategy_code', ['strategyId', 'code'], { unique: true })
export class Initiative extends VersionedPublicEntity {
  @Column({ name: 'strategy_id', type: 'uuid' })
  strategyId: string;

  /** Collated `natural_sort` (ICU numeric ordering) so that ORDER BY code puts 1.2 before 1.10. */
  @Field({ description: 'Unique within its strategy, e.g. 2.4; sorted naturally (1.2 before 1.10)' })
  @Column({ type: 'varchar', length: 20, collation: 'natural_sort' })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field()
  @Column({ type: 'text' })
  summary: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'focus_area_id', type: 'uuid', nullable: true })
  focusAreaId: string | null;

  @Column({ name: 'responsible_ministry_id', type: 'uuid', nullable: true })
  responsibleMinistryId: string | null;

  @Column({ name: 'executing_agency_id', type: 'uuid' })
  executingAgencyId: string;

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Column({ name: 'planned_end_date', type: 'date', nullable: true })
  plannedEndDate: string | null;

  @Field(() => InitiativeLifecycle)
  @Column({ type: 'varchar', length: 20, default: InitiativeLifecycle.PLANNED })
  lifecycle: InitiativeLifecycle;

  /** Resolved as `links` */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  links: LinkValue[];

  /** Resolved as `contacts`, with emails hidden from anonymous callers */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts: ContactPersonValue[];

  /** The status of the newest approved update, written by approval in the same transaction. */
  @Column({ name: 'current_status', type: 'varchar', length: 20, nullable: true })
  currentStatus: DeliveryStatus | null;

  @Column({ name: 'current_status_period', type: 'char', length: 7, nullable: true })
  currentStatusPeriod: string | null;

  /** Deliveries are part of the initiative's page, so adding or changing one moves this too (not the version). */
  @Field(() => DateTimeScalar, { description: 'When the initiative or one of its deliveries last changed' })
  declare updatedAt: Date;

  /** Full-text document (Norwegian stemming) over code, title, summary and description; kept by PostgreSQL. */
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    nullable: true,
    generatedType: 'STORED',
    asExpression: `setweight(to_tsvector('norwegian'::regconfig, coalesce(code, '')), 'A') || setweight(to_tsvector('norwegian'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('norwegian'::regconfig, coalesce(summary, '')), 'B') || setweight(to_tsvector('norwegian'::regconfig, coalesce(description, '')), 'C')`,
  })
  searchVector?: string;
}

@Entity('initiative_goal')
@Index('ix_initiative_goal_goal', ['goalId', 'initiativeId'])
export class InitiativeGoal {
  @Column({ name: 'initiative_id', type: 'uuid', primary: true })
  initiativeId: string;

  @Column({ name: 'goal_id', type: 'uuid', primary: true })
  goalId: string;
}

@Entity('initiative_life_event')
@Index('ix_initiative_life_event_life_event', ['lifeEventId', 'initiativeId'])
export class InitiativeLifeEvent {
  @Column({ name: 'initiative_id', type: 'uuid', primary: true })
  initiativeId: string;

  @Column({ name: 'life_event_id', type: 'uuid', primary: true })
  lifeEventId: string;

  /** Keeps the order the list was given in */
  @Column({ type: 'int', default: 0 })
  position: number;
}

@Entity('initiative_partner')
@Index('ix_initiative_partner_organization', ['organizationId'])
export class InitiativePartner {
  @Column({ name: 'initiative_id', type: 'uuid', primary: true })
  initiativeId: string;

  @Column({ name: 'organization_id', type: 'uuid', primary: true })
  organizationId: string;

  /** Keeps the order the list was given in */
  @Column({ type: 'int', default: 0 })
  position: number;
}
