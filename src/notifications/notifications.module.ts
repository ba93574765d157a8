import { Module } from '@nestjs/common';
import { InitiativesModule } from '../initiatives/initiatives.module.js';
import { OverviewModule } from '../overview/overview.module.js';
import { RoundsModule } from '../rounds/rounds.module.js';
import { StatusUpdatesModule } from '../status-updates/status-updates.module.js';
import { JobQueue } from './job-queue.js';
import { MailTransport } from './mail-transport.js';
import { NoticeComposer } from './notice-composer.js';
import { NotificationOutbox } from './notification-outbox.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationResolver } from './notification.resolver.js';
import { NotificationService } from './notification.service.js';
import { OPEN_ROUNDS } from './open-rounds.js';
import { ReminderService } from './reminder.service.js';
import { RoundsForReminders } from './rounds-for-reminders.js';
import { Senders } from './senders.js';
import { WebhookClient } from './webhook-client.js';
import { WebhookRepository } from './webhook.repository.js';
import { WebhookResolver } from './webhook.resolver.js';
import { WebhookService } from './webhook.service.js';

/**
 * What the server sends out: the outbox (a commit hook that queues messages with each write), the job
 * queue and its workers, e-mail, webhooks, the reminder pass, and the record of it all (`notifications`,
 * `webhooks`). No domain module depends on this one; it reads recipients through initiatives and the
 * authors of updates through status-updates.
 */
@Module({
  imports: [InitiativesModule, StatusUpdatesModule, OverviewModule, RoundsModule],
  providers: [
    { provide: OPEN_ROUNDS, useClass: RoundsForReminders },
    JobQueue,
    MailTransport,
    WebhookClient,
    NotificationRepository,
    WebhookRepository,
    NoticeComposer,
    NotificationOutbox,
    Senders,
    ReminderService,
    NotificationService,
    WebhookService,
    NotificationResolver,
    WebhookResolver,
  ],
  exports: [ReminderService, JobQueue],
})
export class NotificationsModule {}
