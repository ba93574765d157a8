import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/viewer.js';
import { BadUserInputError, NotFoundError } from '../common/errors/index.js';
import { isUuid } from '../common/uuid.js';
import { Database } from '../database/database.js';
import { CreateWebhookInput } from './dto/webhook.inputs.js';
import { Webhook, WebhookDelivery } from './entities/webhook.entity.js';
import { WebhookAddressError, WebhookClient } from './webhook-client.js';
import { newWebhookSecret } from './webhook-signing.js';
import { WebhookRepository } from './webhook.repository.js';

const ENTITY = 'Webhook';

/** What the audit trail records of a webhook: never its secret. */
function auditView(webhook: Webhook): Record<string, unknown> {
  return { url: webhook.url, events: webhook.events, active: webhook.active };
}

/** Webhooks: subscribe a portal (the secret shown once), unsubscribe, and their delivery history. */
@Injectable()
export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly webhooks: WebhookRepository,
    private readonly client: WebhookClient,
  ) {}

  /**
   * Checks the URL (https, a host that resolves to public addresses only) and stores the webhook with a new
   * secret, which the caller sees this once.
   */
  async create(viewer: Viewer, input: CreateWebhookInput): Promise<{ webhook: Webhook; secret: string }> {
    try {
      await this.client.check(input.url);
    } catch (error) {
      if (error instanceof WebhookAddressError) throw BadUserInputError.field('input.url', error.message);
      throw error;
    }
    const secret = newWebhookSecret();
    return this.db.transaction(viewer, async (tx) => {
      const webhook = await this.webhooks.create({
        url: input.url,
        events: [...new Set(input.events)],
        secret,
        createdBy: viewer.subject,
      });
      tx.record({
        action: 'webhook.create',
        entityType: ENTITY,
        entityId: webhook.id,
        after: auditView(webhook),
        public: false,
      });
      return { webhook, secret };
    });
  }

  /** Deletes the webhook and every delivery of it, so that none still queued is sent. */
  async delete(viewer: Viewer, id: string): Promise<boolean> {
    return this.db.transaction(viewer, async (tx) => {
      const webhook = isUuid(id) ? await this.webhooks.lock(id) : null;
      if (!webhook) throw new NotFoundError(ENTITY, id, 'id');
      await this.webhooks.delete(webhook.id);
      tx.record({
        action: 'webhook.delete',
        entityType: ENTITY,
        entityId: webhook.id,
        before: auditView(webhook),
        after: null,
        public: false,
      });
      return true;
    });
  }

  list(): Promise<Webhook[]> {
    return this.webhooks.list();
  }

  deliveriesOf(webhookIds: readonly string[], first: number): Promise<WebhookDelivery[]> {
    return this.webhooks.deliveriesOf(webhookIds, first);
  }
}
