import { Injectable } from '@nestjs/common';
import type { TimedRow } from '../common/pagination/index.js';
import { Database } from '../database/database.js';
import { hydrate, selectList } from '../database/entity-rows.js';
import { SqlParams } from '../database/sql.js';
import { NotificationKind, SendState } from './entities/enums.js';
import { Notification } from './entities/notification.entity.js';

export interface NewNotification {
  kind: NotificationKind;
  recipient: string;
  subject: string;
  period: string | null;
  occasion: number | null;
  initiativeIds: string[];
  textBody: string;
  htmlBody: string;
}

export interface NotificationFilter {
  period?: string | null;
  kind?: NotificationKind | null;
  state?: SendState | null;
}

/** The SQL of the notification record. The statements of every send are prepared (Database.prepared). */
@Injectable()
export class NotificationRepository {
  constructor(private readonly db: Database) {}

  /**
   * Inserts the notifications in one statement and returns the ids of those that were new: a reminder whose
   * (period, occasion, recipient) is taken already (uq_notification_reminder) is skipped, whichever instance
   * or pass made the first one.
   */
  async insert(rows: NewNotification[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const inserted = await this.db.prepared<{ id: string }>(
      `INSERT INTO notification (kind, recipient, subject, period, occasion, initiative_ids, text_body, html_body)
       SELECT n.kind, n.recipient, n.subject, n.period, n.occasion,
         ARRAY(SELECT jsonb_array_elements_text(n."initiativeIds"))::uuid[], n."textBody", n."htmlBody"
       FROM jsonb_to_recordset($1::jsonb) AS n(kind varchar, recipient varchar, subject varchar, period bpchar,
         occasion int, "initiativeIds" jsonb, "textBody" text, "htmlBody" text)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [JSON.stringify(rows)],
    );
    return inserted.map((row) => row.id);
  }

  /**
   * Starts a try: counts it and returns the row, or null when there is nothing to send (sent, given up, or
   * gone). Counting at the start means a try cut off by a crash counts too.
   */
  async claim(id: string): Promise<Notification | null> {
    const ds = this.db.dataSource;
    const [row] = await this.db.prepared(
      `UPDATE notification n SET attempts = attempts + 1 WHERE id = $1 AND state = 'QUEUED'
       RETURNING ${selectList(ds, Notification, 'n', 'n_')}`,
      [id],
    );
    return row ? hydrate(ds, Notification, row, 'n_') : null;
  }

  async markSent(id: string): Promise<void> {
    await this.db.prepared(`UPDATE notification SET state = 'SENT', sent_at = now(), last_error = NULL WHERE id = $1`, [
      id,
    ]);
  }

  /** A failed try: FAILED when `final`, else still QUEUED for the next one. */
  async recordFailure(id: string, error: string, final: boolean): Promise<void> {
    await this.db.query(`UPDATE notification SET last_error = $2, state = $3 WHERE id = $1`, [
      id,
      error,
      final ? SendState.FAILED : SendState.QUEUED,
    ]);
  }

  /** Newest first, keyset-paged by (created_at, id); the cursor's time is PostgreSQL's, to the microsecond. */
  async page(
    filter: NotificationFilter,
    cursor: [string, string] | null,
    limit: number,
  ): Promise<{ rows: TimedRow<Notification>[]; total: number }> {
    const ds = this.db.dataSource;
    const p = new SqlParams();
    const where: string[] = [];
    if (filter.period) where.push(`n.period = ${p.add(filter.period)}::bpchar`);
    if (filter.kind) where.push(`n.kind = ${p.add(filter.kind)}`);
    if (filter.state) where.push(`n.state = ${p.add(filter.state)}`);
    const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM notification n ${filtered}`,
      [...p.values],
    );
    if (cursor) {
      const at = p.add(cursor[0]);
      const id = p.add(cursor[1]);
      where.push(`(n.created_at, n.id) < (${at}::timestamptz, ${id}::uuid)`);
    }
    const rows = await this.db.query(
      `SELECT ${selectList(ds, Notification, 'n', 'n_')},
         to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM notification n
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY n.created_at DESC, n.id DESC
       LIMIT ${p.add(limit)}`,
      p.values,
    );
    return {
      rows: rows.map((row) => ({
        node: hydrate(ds, Notification, row, 'n_')!,
        cursorAt: row.cursor_at as string,
      })),
      total,
    };
  }
}
