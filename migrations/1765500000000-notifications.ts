import { MigrationInterface, QueryRunner } from 'typeorm';
import { PGBOSS_CONSTRUCTION } from './pg-boss-construction.js';

/** The job queues of pg-boss that the server sends through: one job per try of one message. */
const QUEUES = ['notification-send', 'webhook-deliver'] as const;

/**
 * What the server sends out (DESIGN.md, "Notifications and webhooks"): the record of every e-mail notice and
 * webhook delivery, the webhooks themselves, where an agency wants its reminders (reporting_email), and the
 * durable job queue (pg-boss's tables in the schema pgboss) that the sends go through.
 */
export class Notifications1765500000000 implements MigrationInterface {
  name = 'Notifications1765500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization ADD COLUMN reporting_email varchar(254)`);

    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(20) NOT NULL,
        recipient varchar(254) NOT NULL,
        subject varchar(500) NOT NULL,
        period char(7),
        occasion int,
        initiative_ids uuid[] NOT NULL DEFAULT '{}',
        text_body text NOT NULL,
        html_body text NOT NULL,
        state varchar(10) NOT NULL DEFAULT 'QUEUED',
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT ck_notification_kind CHECK (kind IN ('ROUND_OPENED','REMINDER','SUBMITTED','RETURNED','APPROVED')),
        CONSTRAINT ck_notification_state CHECK (state IN ('QUEUED','SENT','FAILED')),
        CONSTRAINT ck_notification_attempts CHECK (attempts >= 0),
        CONSTRAINT ck_notification_occasion CHECK ((kind = 'REMINDER') = (occasion IS NOT NULL)),
        CONSTRAINT ck_notification_sent CHECK ((state = 'SENT') = (sent_at IS NOT NULL))
      )`);
    // One reminder per (round, occasion, recipient), whatever instance or pass makes it; other kinds have
    // no occasion and so never meet here (NULLs are distinct).
    await q.query(`CREATE UNIQUE INDEX uq_notification_reminder ON notification (period, occasion, recipient)`);
    await q.query(`CREATE INDEX ix_notification_created ON notification (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url varchar(2000) NOT NULL,
        events varchar(30)[] NOT NULL,
        secret varchar(100) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_webhook_events CHECK (cardinality(events) > 0 AND events <@ ARRAY['UPDATE_PUBLISHED','ROUND_OPENED','ROUND_CLOSED','PLAN_CHANGED']::varchar(30)[])
      )`);

    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL,
        event varchar(30) NOT NULL,
        payload jsonb NOT NULL,
        state varchar(10) NOT NULL DEFAULT 'QUEUED',
        attempts int NOT NULL DEFAULT 0,
        response_status int,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CONSTRAINT ck_webhook_delivery_event CHECK (event IN ('UPDATE_PUBLISHED','ROUND_OPENED','ROUND_CLOSED','PLAN_CHANGED')),
        CONSTRAINT ck_webhook_delivery_state CHECK (state IN ('QUEUED','SENT','FAILED')),
        CONSTRAINT ck_webhook_delivery_attempts CHECK (attempts >= 0),
        CONSTRAINT ck_webhook_delivery_sent CHECK ((state = 'SENT') = (sent_at IS NOT NULL)),
        CONSTRAINT fk_webhook_delivery_webhook FOREIGN KEY (webhook_id) REFERENCES webhook(id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX ix_webhook_delivery_webhook ON webhook_delivery (webhook_id, created_at DESC, id DESC)`,
    );

    await q.query(PGBOSS_CONSTRUCTION);
    for (const queue of QUEUES) {
      await q.query(`SELECT pgboss.create_queue($1, $2::json)`, [queue, JSON.stringify({ policy: 'standard' })]);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA pgboss CASCADE`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook`);
    await q.query(`DROP TABLE notification`);
    await q.query(`ALTER TABLE organization DROP COLUMN reporting_email`);
  }
}
