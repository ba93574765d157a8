import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DeliveryStatus } from '../../initiatives/entities/enums.js';
import type { OverviewCounts } from '../../overview/overview.repository.js';

/**
 * The status overview of one strategy as it stood when the period's round closed: its counts exactly as
 * statusOverview computed them, and its goals in their order. Never changes (a trigger refuses it).
 */
@Entity('published_report')
export class PublishedReport {
  @PrimaryColumn({ type: 'char', length: 7, primaryKeyConstraintName: 'pk_published_report' })
  period: string;

  @PrimaryColumn({ name: 'strategy_id', type: 'uuid', primaryKeyConstraintName: 'pk_published_report' })
  strategyId: string;

  @Column({ name: 'closed_at', type: 'timestamptz' })
  closedAt: Date;

  /** The strategy's goals at the close, by number */
  @Column({ name: 'goal_ids', type: 'uuid', array: true })
  goalIds: string[];

  @Column({ type: 'jsonb' })
  counts: OverviewCounts;
}

/** One initiative listed under one goal of a published report, with the update it showed. */
@Entity('published_report_entry')
@Index('uq_published_report_entry_initiative', ['period', 'strategyId', 'goalId', 'initiativeId'], { unique: true })
export class PublishedReportEntry {
  @PrimaryColumn({ type: 'char', length: 7, primaryKeyConstraintName: 'pk_published_report_entry' })
  period: string;

  @PrimaryColumn({ name: 'strategy_id', type: 'uuid', primaryKeyConstraintName: 'pk_published_report_entry' })
  strategyId: string;

  @PrimaryColumn({ name: 'goal_id', type: 'uuid', primaryKeyConstraintName: 'pk_published_report_entry' })
  goalId: string;

  /** The place under the goal, from 0 (natural code order at the close) */
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_published_report_entry' })
  position: number;

  @Column({ name: 'initiative_id', type: 'uuid' })
  initiativeId: string;

  @Column({ name: 'status_update_id', type: 'uuid', nullable: true })
  statusUpdateId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  status: DeliveryStatus | null;

  @Column({ name: 'up_to_date', type: 'boolean' })
  upToDate: boolean;
}
