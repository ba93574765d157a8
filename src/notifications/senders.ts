import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { Metrics } from '../metrics/metrics.js';
import { JobData, JobName, JobQueue } from './job-queue.js';
import { MailError, MailTransport } from './mail-transport.js';
import { retryDelayMs } from './notification.rules.js';
import { NotificationRepository } from './notification.repository.js';
import { WebhookClient } from './webhook-client.js';
import { WebhookRepository } from './webhook.repository.js';

/** The actor of the queue's own bookkeeping writes (a rescheduled try). */
const ACTOR = 'notifications';

/**
 * The workers: one try of one e-mail or webhook delivery per job. A try is counted when it starts; a
 * failure that may pass (an SMTP 4xx, a lost connection, a receiver's 500) queues the next try after
 * RETRY_BASE_MS times 1, 4, 16, ... in the same transaction that records the failure; a permanent one (an
 * SMTP 5xx) or the last allowed try makes the row FAILED.
 */
@Injectable()
export class Senders implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly notifications: NotificationRepository,
    private readonly webhooks: WebhookRepository,
    private readonly mail: MailTransport,
    private readonly client: WebhookClient,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.queue.handle(JobName.SEND_MAIL, (job) => this.sendMail(job));
    this.queue.handle(JobName.DELIVER_WEBHOOK, (job) => this.deliverWebhook(job));
  }

  async sendMail({ id }: JobData): Promise<void> {
    const settings = this.config.notifications;
    const notification = await this.notifications.claim(id);
    if (!notification) return;
    if (notification.attempts > settings.mailMaxAttempts) {
      // Tries cut off by stopped instances used up the allowance.
      await this.notifications.recordFailure(id, notification.lastError ?? 'Gave up: every try was cut off', true);
      this.metrics.jobs('mail', 'failed');
      return;
    }
    try {
      await this.mail.send({
        id: notification.id,
        to: notification.recipient,
        subject: notification.subject,
        text: notification.textBody,
        html: notification.htmlBody,
      });
    } catch (error) {
      const failure = error instanceof MailError ? error : new MailError((error as Error).message, false);
      const wait = failure.permanent
        ? null
        : retryDelayMs(notification.attempts, settings.mailMaxAttempts, settings.retryBaseMs);
      this.logger.warn(
        `Mail ${id} (${notification.kind}) try ${notification.attempts} failed: ${failure.message}` +
          (wait === null ? '; giving up' : `; next try in ${wait} ms`),
      );
      await this.failed(JobName.SEND_MAIL, id, wait, () =>
        this.notifications.recordFailure(id, failure.message, wait === null),
      );
      return;
    }
    await this.notifications.markSent(id);
    this.metrics.jobs('mail', 'sent');
  }

  async deliverWebhook({ id }: JobData): Promise<void> {
    const settings = this.config.notifications;
    const claimed = await this.webhooks.claimDelivery(id);
    if (!claimed) return;
    const { delivery } = claimed;
    if (delivery.attempts > settings.webhookMaxAttempts) {
      await this.webhooks.recordFailure(id, delivery.responseStatus, delivery.lastError ?? 'Gave up', true);
      this.metrics.jobs('webhook', 'failed');
      return;
    }
    const { type, timestamp, data } = delivery.payload;
    const body = JSON.stringify({ type, timestamp, data });
    const result = await this.client.deliver(claimed.url, claimed.secret, delivery.id, body);
    if (result.ok) {
      await this.webhooks.markDelivered(id, result.status!);
      this.metrics.jobs('webhook', 'sent');
      return;
    }
    const wait = retryDelayMs(delivery.attempts, settings.webhookMaxAttempts, settings.retryBaseMs);
    this.logger.warn(
      `Webhook delivery ${id} (${delivery.event}) try ${delivery.attempts} failed: ${result.error}` +
        (wait === null ? '; giving up' : `; next try in ${wait} ms`),
    );
    await this.failed(JobName.DELIVER_WEBHOOK, id, wait, () =>
      this.webhooks.recordFailure(id, result.status, result.error ?? 'failed', wait === null),
    );
  }

  /**
   * Records a failed try and, unless it was the last, queues the next one, in one transaction. jobs_total
   * counts the message as failed once it is given up; a try that will be repeated counts as queued again.
   */
  private async failed(name: JobName, id: string, wait: number | null, record: () => Promise<void>): Promise<void> {
    await this.db.transaction(ACTOR, async () => {
      await record();
      if (wait !== null) await this.queue.enqueue([{ name, id, startAfter: new Date(Date.now() + wait) }]);
    });
    this.metrics.jobs(name === JobName.SEND_MAIL ? 'mail' : 'webhook', wait === null ? 'failed' : 'queued');
  }
}
