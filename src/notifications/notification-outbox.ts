import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommitHook, Database, Transaction } from '../database/database.js';
import { Metrics } from '../metrics/metrics.js';
import { WebhookPayload } from './entities/webhook.entity.js';
import { JobName, JobQueue } from './job-queue.js';
import { NoticeComposer } from './notice-composer.js';
import { outgoingMessages } from './notification.rules.js';
import { NotificationRepository } from './notification.repository.js';
import { WebhookRepository } from './webhook.repository.js';

/**
 * The outbox: a commit hook that turns the events a write recorded into notification and webhook delivery
 * rows and their jobs, in the write's own transaction. A write that rolls back sends nothing; one that
 * commits is sent even if the process dies right after. Domain modules never call this: they only record
 * what happened.
 */
@Injectable()
export class NotificationOutbox implements CommitHook, OnModuleInit {
  constructor(
    private readonly db: Database,
    private readonly composer: NoticeComposer,
    private readonly notifications: NotificationRepository,
    private readonly webhooks: WebhookRepository,
    private readonly queue: JobQueue,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.db.onCommit(this);
  }

  async beforeCommit(tx: Transaction): Promise<void> {
    const { mails, webhooks } = outgoingMessages(tx.events);
    if (mails.length === 0 && webhooks.length === 0) return;
    const notificationIds = await this.notifications.insert(await this.composer.forRequests(mails));
    const timestamp = new Date().toISOString();
    const deliveryIds = await this.webhooks.insertDeliveries(
      webhooks.map(({ event, data }) => ({
        event,
        payload: { type: event, timestamp, data } satisfies WebhookPayload,
      })),
    );
    await this.queue.enqueue([
      ...notificationIds.map((id) => ({ name: JobName.SEND_MAIL, id })),
      ...deliveryIds.map((id) => ({ name: JobName.DELIVER_WEBHOOK, id })),
    ]);
    tx.afterCommit(() => {
      this.metrics.jobs('mail', 'queued', notificationIds.length);
      this.metrics.jobs('webhook', 'queued', deliveryIds.length);
    });
  }
}
