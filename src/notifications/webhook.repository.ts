import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { hydrate, selectList } from '../database/entity-rows.js';
import { SendState, WebhookEvent } from './entities/enums.js';
import { Webhook, WebhookDelivery, WebhookPayload } from './entities/webhook.entity.js';

export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  url: string;
  secret: string;
}

/** The SQL of webhooks and their deliveries. */
@Injectable()
export class WebhookRepository {
  constructor(private readonly db: Database) {}

  private get repo() {
    return this.db.repository(Webhook);
  }

  /** Every webhook, oldest first (the secret is never selected). */
  list(): Promise<Webhook[]> {
    return this.repo.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async create(values: { url: string; events: WebhookEvent[]; secret: string; createdBy: string }): Promise<Webhook> {
    const saved = await this.repo.save(this.repo.create(values));
    // Read back without the secret, so that nothing that returns or records the row can carry it.
    return (await this.repo.findOneBy({ id: saved.id }))!;
  }

  /** The row, locked for the rest of the transaction. */
  lock(id: string): Promise<Webhook | null> {
    return this.repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Deletes the webhook; its deliveries go with it (ON DELETE CASCADE), so none still queued is sent. */
  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /**
   * One delivery per active webhook subscribed to each event, in one statement; returns their ids (none
   * when no webhook wants them).
   */
  async insertDeliveries(events: { event: WebhookEvent; payload: WebhookPayload }[]): Promise<string[]> {
    if (events.length === 0) return [];
    // Prepared: it runs in the transaction of every public write.
    const rows = await this.db.prepared<{ id: string }>(
      `INSERT INTO webhook_delivery (webhook_id, event, payload)
       SELECT w.id, e.value->>'event', e.value->'payload'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
       JOIN webhook w ON w.active AND (e.value->>'event')::varchar = ANY(w.events)
       ORDER BY e.n, w.created_at, w.id
       RETURNING id`,
      [JSON.stringify(events)],
    );
    return rows.map((row) => row.id);
  }

  /** Starts a try of a queued delivery: counts it and returns what to send, or null when there is nothing to. */
  async claimDelivery(id: string): Promise<ClaimedDelivery | null> {
    const ds = this.db.dataSource;
    const [row] = await this.db.query(
      `UPDATE webhook_delivery d SET attempts = d.attempts + 1
       FROM webhook w
       WHERE d.id = $1 AND d.state = 'QUEUED' AND w.id = d.webhook_id
       RETURNING ${selectList(ds, WebhookDelivery, 'd', 'd_')}, w.url AS w_url, w.secret AS w_secret`,
      [id],
    );
    if (!row) return null;
    return { delivery: hydrate(ds, WebhookDelivery, row, 'd_')!, url: String(row.w_url), secret: String(row.w_secret) };
  }

  async markDelivered(id: string, status: number): Promise<void> {
    await this.db.query(
      `UPDATE webhook_delivery SET state = 'SENT', sent_at = now(), response_status = $2, last_error = NULL
       WHERE id = $1`,
      [id, status],
    );
  }

  async recordFailure(id: string, status: number | null, error: string, final: boolean): Promise<void> {
    await this.db.query(`UPDATE webhook_delivery SET response_status = $2, last_error = $3, state = $4 WHERE id = $1`, [
      id,
      status,
      error,
      final ? SendState.FAILED : SendState.QUEUED,
    ]);
  }

  /** The newest `first` deliveries of each webhook, newest first. */
  async deliveriesOf(webhookIds: readonly string[], first: number): Promise<WebhookDelivery[]> {
    const ds = this.db.dataSource;
    const rows = await this.db.query(
      `SELECT ${selectList(ds, WebhookDelivery, 'd', 'd_')}
       FROM unnest($1::uuid[]) AS w(id)
       CROSS JOIN LATERAL (
         SELECT * FROM webhook_delivery x WHERE x.webhook_id = w.id ORDER BY x.created_at DESC, x.id DESC LIMIT $2
       ) d
       ORDER BY d.webhook_id, d.created_at DESC, d.id DESC`,
      [webhookIds, first],
    );
    return rows.map((row) => hydrate(ds, WebhookDelivery, row, 'd_')!);
  }
}
