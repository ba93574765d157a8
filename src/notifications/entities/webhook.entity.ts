import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeScalar } from '../../common/scalars/index.js';
import { SendState, WebhookEvent } from './enums.js';

/** A portal's subscription: where to POST which events, and the secret they are signed with. */
@ObjectType({ description: 'Where the server POSTs the events a portal subscribed to, signed (Standard Webhooks)' })
@Entity('webhook')
export class Webhook {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'https to a public address; see createWebhook' })
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Field(() => [WebhookEvent])
  @Column({ type: 'varchar', length: 30, array: true })
  events: WebhookEvent[];

  /** The signing secret (whsec_...): read only to sign, never selected with the rest, never a field. */
  @Column({ type: 'varchar', length: 100, select: false })
  secret?: string;

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy: string;

  @Field(() => DateTimeScalar)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One event for one webhook, and its delivery: the same id (the webhook-id header) on every try. */
@ObjectType({ description: 'One event POSTed to one webhook, and how delivering it went' })
@Entity('webhook_delivery')
export class WebhookDelivery {
  @Field(() => ID, { description: 'The webhook-id header sent; the same on every retry of one delivery' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId: string;

  @Field(() => WebhookEvent)
  @Column({ type: 'varchar', length: 30 })
  event: WebhookEvent;

  /** The JSON body: { type, timestamp, data } */
  @Column({ type: 'jsonb' })
  payload: WebhookPayload;

  @Field(() => SendState)
  @Column({ type: 'varchar', length: 10, default: SendState.QUEUED })
  state: SendState;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last try; null when no answer came' })
  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Field(() => DateTimeScalar)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

export interface WebhookPayload {
  type: WebhookEvent;
  /** When the event happened, ISO 8601 */
  timestamp: string;
  data: Record<string, string>;
}
