import { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `('NOT_STARTED','ON_TRACK','MINOR_DELAYS','MAJOR_DELAYS','COMPLETED','STOPPED')`;

/**
 * The quarterly round as a process (DESIGN.md, "The quarterly round"): a round per period with its due
 * date and state, when each update was first submitted (for lateness; existing updates get their
 * submittedAt; the approved updates' index carries status and obstacles for the timeline), and the published report that closing a round freezes per strategy: its entries (which
 * initiative under which goal, in which order, with which shown update) and its counts. A published
 * report never changes: the database refuses UPDATE, DELETE and TRUNCATE of its rows.
 */
export class ReportingRounds1765000000000 implements MigrationInterface {
  name = 'ReportingRounds1765000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE status_update ADD COLUMN first_submitted_at timestamptz`);
    // Approved updates never change, except for this one backfill of a column they did not have.
    await q.query(`ALTER TABLE status_update DISABLE TRIGGER tr_status_update_approved_is_final`);
    await q.query(`UPDATE status_update SET first_submitted_at = submitted_at WHERE submitted_at IS NOT NULL`);
    await q.query(`ALTER TABLE status_update ENABLE TRIGGER tr_status_update_approved_is_final`);
    // The timeline reads every approved update's status and obstacles in (initiative, period) order: with
    // them in the index, that is an index-only scan in the order its window needs, without a sort.
    await q.query(`DROP INDEX ix_status_update_approved`);
    await q.query(
      `CREATE INDEX ix_status_update_approved ON status_update (initiative_id, period DESC) INCLUDE (status, obstacles) WHERE state = 'APPROVED'`,
    );

    await q.query(`
      CREATE TABLE reporting_round (
        period char(7) NOT NULL,
        state varchar(10) NOT NULL DEFAULT 'OPEN',
        due_date date NOT NULL,
        message text,
        opened_at timestamptz NOT NULL DEFAULT now(),
        opened_by varchar(255) NOT NULL,
        closed_at timestamptz,
        closed_by varchar(255),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        CONSTRAINT pk_reporting_round PRIMARY KEY (period),
        CONSTRAINT ck_reporting_round_period CHECK (period ~ '^[0-9]{4}-Q[1-4]$' AND period >= '2000-Q1'),
        CONSTRAINT ck_reporting_round_state CHECK (state IN ('OPEN','CLOSED')),
        CONSTRAINT ck_reporting_round_closed CHECK ((state = 'CLOSED') = (closed_at IS NOT NULL) AND (closed_at IS NULL) = (closed_by IS NULL)),
        CONSTRAINT ck_reporting_round_due_date CHECK (
          due_date >= make_date(substr(period, 1, 4)::int, substr(period, 7, 1)::int * 3 - 2, 1)
          AND due_date <= DATE '2100-12-31'),
        CONSTRAINT ck_reporting_round_message CHECK (char_length(message) <= 2000)
      )`);

    await q.query(`
      CREATE TABLE published_report (
        period char(7) NOT NULL,
        strategy_id uuid NOT NULL,
        closed_at timestamptz NOT NULL,
        goal_ids uuid[] NOT NULL,
        counts jsonb NOT NULL,
        CONSTRAINT pk_published_report PRIMARY KEY (period, strategy_id),
        CONSTRAINT ck_published_report_counts CHECK (jsonb_typeof(counts) = 'object'),
        CONSTRAINT fk_published_report_round FOREIGN KEY (period) REFERENCES reporting_round(period) ON DELETE RESTRICT,
        CONSTRAINT fk_published_report_strategy FOREIGN KEY (strategy_id) REFERENCES strategy(id) ON DELETE RESTRICT
      )`);

    await q.query(`
      CREATE TABLE published_report_entry (
        period char(7) NOT NULL,
        strategy_id uuid NOT NULL,
        goal_id uuid NOT NULL,
        position int NOT NULL,
        initiative_id uuid NOT NULL,
        status_update_id uuid,
        status varchar(20),
        up_to_date boolean NOT NULL,
        CONSTRAINT pk_published_report_entry PRIMARY KEY (period, strategy_id, goal_id, position),
        CONSTRAINT ck_published_report_entry_position CHECK (position >= 0),
        CONSTRAINT ck_published_report_entry_status CHECK (status IS NULL OR status IN ${STATUSES}),
        CONSTRAINT ck_published_report_entry_shown CHECK ((status_update_id IS NULL) = (status IS NULL) AND (status_update_id IS NOT NULL OR NOT up_to_date)),
        CONSTRAINT fk_published_report_entry_report FOREIGN KEY (period, strategy_id) REFERENCES published_report(period, strategy_id) ON DELETE RESTRICT,
        CONSTRAINT fk_published_report_entry_goal FOREIGN KEY (goal_id) REFERENCES goal(id) ON DELETE RESTRICT,
        CONSTRAINT fk_published_report_entry_initiative FOREIGN KEY (initiative_id) REFERENCES initiative(id) ON DELETE RESTRICT,
        CONSTRAINT fk_published_report_entry_update FOREIGN KEY (status_update_id) REFERENCES status_update(id) ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_published_report_entry_initiative ON published_report_entry (period, strategy_id, goal_id, initiative_id)`,
    );

    // A published report never changes: what a quarterly report quoted stays quotable.
    await q.query(`
      CREATE FUNCTION published_report_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'A published report never changes' USING ERRCODE = 'P0001';
      END $$`);
    for (const table of ['published_report', 'published_report_entry']) {
      await q.query(`
        CREATE TRIGGER tr_${table}_is_final BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION published_report_is_final()`);
      await q.query(`
        CREATE TRIGGER tr_${table}_not_truncated BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION published_report_is_final()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE published_report_entry`);
    await q.query(`DROP TABLE published_report`);
    await q.query(`DROP FUNCTION published_report_is_final()`);
    await q.query(`DROP TABLE reporting_round`);
    await q.query(`DROP INDEX ix_status_update_approved`);
    await q.query(
      `CREATE INDEX ix_status_update_approved ON status_update (initiative_id, period DESC) WHERE state = 'APPROVED'`,
    );
    await q.query(`ALTER TABLE status_update DROP COLUMN first_submitted_at`);
  }
}
