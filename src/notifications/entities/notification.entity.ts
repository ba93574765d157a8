import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeScalar, QuarterScalar } from '../../common/scalars/index.js';
import { NotificationKind, SendState } from './enums.js';

/**
 * One e-mail to one recipient, made in the transaction of the write it tells of (or by a reminder pass), and
 * its sending: state, tries and the last error. The text is composed when the row is made, so every try
 * sends the same mail.
 */
@ObjectType({ description: 'One e-mail notice or reminder to one recipient, and how sending it went' })
@Entity('notification')
@Index('uq_notification_reminder', ['period', 'occasion', 'recipient'], { unique: true })
export class Notification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => NotificationKind)
  @Column({ type: 'varchar', length: 20 })
  kind: NotificationKind;

  @Field({ description: 'The e-mail address it goes to' })
  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Field(() => QuarterScalar, { nullable: true, description: 'The period it is about, where it is about one' })
  @Column({ type: 'char', length: 7, nullable: true })
  period: string | null;

  /** A reminder's REMINDER_DAYS entry (days before the due date); null for every other kind. */
  @Column({ type: 'int', nullable: true })
  occasion: number | null;

  /** Resolved as `initiatives` */
  @Column({ name: 'initiative_ids', type: 'uuid', array: true, default: () => "'{}'" })
  initiativeIds: string[];

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody: string;

  @Field(() => SendState)
  @Column({ type: 'varchar', length: 10, default: SendState.QUEUED })
  state: SendState;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field(() => String, { nullable: true, description: 'Why the last try failed, without credentials; null once SENT' })
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => DateTimeScalar)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
