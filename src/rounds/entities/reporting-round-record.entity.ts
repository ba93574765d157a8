import { registerEnumType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export enum RoundState {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

registerEnumType(RoundState, {
  name: 'RoundState',
  valuesMap: {
    OPEN: { description: 'Opened by an admin: owners are told, reminders run until the round closes' },
    CLOSED: { description: "Closed by an admin: the period's report is frozen (publishedReport)" },
  },
});

/**
 * One opened reporting round (rapporteringsrunde), keyed by its period. The GraphQL ReportingRound of the
 * overview module counts a period's updates whether or not a round was opened; the rounds module adds this
 * record's fields to it.
 */
@Entity('reporting_round')
export class ReportingRoundRecord {
  @PrimaryColumn({ type: 'char', length: 7, primaryKeyConstraintName: 'pk_reporting_round' })
  period: string;

  @Column({ type: 'varchar', length: 10, default: RoundState.OPEN })
  state: RoundState;

  /** The day updates are due, YYYY-MM-DD in Europe/Oslo */
  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'now()' })
  openedAt: Date;

  @Column({ name: 'opened_by', type: 'varchar', length: 255 })
  openedBy: string;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'varchar', length: 255, nullable: true })
  closedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
