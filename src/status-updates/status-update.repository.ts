import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { TimedRow } from '../common/pagination/index.js';
import { Database } from '../database/database.js';
import { hydrate, selectList } from '../database/entity-rows.js';
import { SqlParams } from '../database/sql.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import type { UpdateVisibility } from './status-update.rules.js';

type Row = Record<string, unknown>;

/** The content a save writes. */
export type StatusUpdateContent = Pick<
  StatusUpdate,
  | 'status'
  | 'progressPercent'
  | 'summary'
  | 'achievements'
  | 'nextSteps'
  | 'risks'
  | 'obstacles'
  | 'authorSubject'
  | 'authorName'
>;

/** Columns a workflow step may change (state, review, timestamps), by property name. */
export type StatusUpdateChanges = Partial<Omit<StatusUpdate, 'id' | 'initiativeId' | 'period' | 'version'>>;

/** One page of an initiative's updates: `limit` rows (one more than asked, to tell whether more follow). */
export interface UpdatesPageKey {
  initiativeId: string;
  limit: number;
  /** Only periods before this one (the cursor) */
  before: string | null;
}

/**
 * Who may see which updates, as SQL over `status_update` aliased `alias`: the rule of status-update.rules.ts
 * (visibilityFor), with the organisation number as a parameter.
 */
export function visibilitySql(visibility: UpdateVisibility, alias: string, p: SqlParams): string {
  switch (visibility.kind) {
    case 'all':
      return 'TRUE';
    case 'approved':
      return `${alias}.state = 'APPROVED'`;
    case 'approvedOrOrganization':
      return `(${alias}.state = 'APPROVED' OR EXISTS (
        SELECT 1 FROM initiative vi JOIN organization vo ON vo.id = vi.executing_agency_id
        WHERE vi.id = ${alias}.initiative_id AND vo.org_number = ${p.add(visibility.orgNumber)}))`;
  }
}

/** The SQL of quarterly status updates. */
@Injectable()
export class StatusUpdateRepository {
  constructor(private readonly db: Database) {}

  private columns(alias = 'su'): string {
    return selectList(this.db.dataSource, StatusUpdate, alias, '');
  }

  private entity(row: Row): StatusUpdate {
    return hydrate(this.db.dataSource, StatusUpdate, row, '')!;
  }

  /**
   * Creates the DRAFT for (initiative, period) unless one exists: concurrent first saves meet at the unique
   * key, and all but one get null (and then edit the record it made).
   */
  async insertDraft(initiativeId: string, period: string, content: StatusUpdateContent): Promise<StatusUpdate | null> {
    const [row] = await this.db.query(
      `INSERT INTO status_update (initiative_id, period, status, progress_percent, summary, achievements, next_steps, risks,
                                  obstacles, author_subject, author_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (initiative_id, period) DO NOTHING
       RETURNING ${this.columns('status_update')}`,
      [
        initiativeId,
        period,
        content.status,
        content.progressPercent,
        content.summary,
        content.achievements,
        content.nextSteps,
        content.risks,
        content.obstacles,
        content.authorSubject,
        content.authorName,
      ],
    );
    return row ? this.entity(row) : null;
  }

  /** The update of (initiative, period), locked for the rest of the transaction. */
  async lockByPeriod(initiativeId: string, period: string): Promise<StatusUpdate | null> {
    const [row] = await this.db.query(
      `SELECT ${this.columns()} FROM status_update su WHERE su.initiative_id = $1 AND su.period = $2 FOR UPDATE`,
      [initiativeId, period],
    );
    return row ? this.entity(row) : null;
  }

  /** The update locked for the rest of the transaction, with its initiative's executing agency. */
  async lockWithAgency(id: string): Promise<{ update: StatusUpdate; agencyOrgNumber: string } | null> {
    const [row] = await this.db.query(
      `SELECT ${this.columns()}, o.org_number AS agency_org_number
       FROM status_update su
       JOIN initiative i ON i.id = su.initiative_id
       JOIN organization o ON o.id = i.executing_agency_id
       WHERE su.id = $1
       FOR UPDATE OF su`,
      [id],
    );
    return row ? { update: this.entity(row), agencyOrgNumber: row.agency_org_number as string } : null;
  }

  /** Writes `changes` to the (locked) row with a new version; `now` columns get the transaction's time. */
  async update(id: string, changes: StatusUpdateChanges, now: (keyof StatusUpdate)[] = []): Promise<StatusUpdate> {
    const set: Record<string, unknown> = { ...changes, version: () => 'version + 1', updatedAt: () => 'now()' };
    for (const column of now) set[column] = () => 'now()';
    const result = await this.db.manager
      .createQueryBuilder()
      .update(StatusUpdate)
      .set(set)
      .where('id = :id', { id })
      .returning('*')
      .execute();
    return this.entity((result.raw as Row[])[0]);
  }

  /** The update, when the visibility lets the caller see it. */
  async findVisible(id: string, visibility: UpdateVisibility): Promise<StatusUpdate | null> {
    const p = new SqlParams();
    const [row] = await this.db.query(
      `SELECT ${this.columns()} FROM status_update su WHERE su.id = ${p.add(id)} AND ${visibilitySql(visibility, 'su', p)}`,
      p.values,
    );
    return row ? this.entity(row) : null;
  }

  /** SUBMITTED updates, oldest submission first, after the cursor (submission time to the microsecond, id). */
  async reviewQueue(
    period: string | null,
    cursor: [string, string] | null,
    limit: number,
  ): Promise<{ rows: TimedRow<StatusUpdate>[]; total: number }> {
    const [{ n }] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM status_update su
       WHERE su.state = 'SUBMITTED' AND ($1::bpchar IS NULL OR su.period = $1::bpchar)`,
      [period],
    );
    const rows = await this.db.query(
      `SELECT ${this.columns()},
         to_char(su.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM status_update su
       WHERE su.state = 'SUBMITTED' AND ($1::bpchar IS NULL OR su.period = $1::bpchar)
         AND ($2::timestamptz IS NULL OR (su.submitted_at, su.id) > ($2::timestamptz, $3::uuid))
       ORDER BY su.submitted_at, su.id
       LIMIT $4`,
      [period, cursor?.[0] ?? null, cursor?.[1] ?? null, limit],
    );
    return { rows: rows.map((row) => ({ node: this.entity(row), cursorAt: row.cursor_at as string })), total: n };
  }

  /** The APPROVED update of each initiative's latest approved period. */
  async latestApproved(initiativeIds: readonly string[]): Promise<StatusUpdate[]> {
    const rows = await this.db.query(
      `SELECT DISTINCT ON (su.initiative_id) ${this.columns()}
       FROM status_update su
       WHERE su.state = 'APPROVED' AND su.initiative_id = ANY($1::uuid[])
       ORDER BY su.initiative_id, su.period DESC`,
      [initiativeIds],
    );
    return rows.map((row) => this.entity(row));
  }

  /** Each initiative's approved statuses, oldest period first. */
  approvedStatuses(
    initiativeIds: readonly string[],
  ): Promise<{ initiative_id: string; period: string; status: DeliveryStatus }[]> {
    return this.db.query(
      `SELECT su.initiative_id, su.period, su.status
       FROM status_update su
       WHERE su.state = 'APPROVED' AND su.initiative_id = ANY($1::uuid[])
       ORDER BY su.initiative_id, su.period`,
      [initiativeIds],
    );
  }

  /** How many updates of each initiative the visibility shows. */
  async countsVisible(initiativeIds: readonly string[], visibility: UpdateVisibility): Promise<Map<string, number>> {
    const p = new SqlParams();
    const rows = await this.db.query<{ initiative_id: string; n: number }>(
      `SELECT su.initiative_id, count(*)::int AS n
       FROM status_update su
       WHERE su.initiative_id = ANY(${p.add(initiativeIds)}::uuid[]) AND ${visibilitySql(visibility, 'su', p)}
       GROUP BY su.initiative_id`,
      p.values,
    );
    return new Map(rows.map((row) => [row.initiative_id, row.n]));
  }

  /** Newest first: at most `limit` updates per initiative before the period `before`, as the visibility shows. */
  async pagesVisible(
    initiativeIds: readonly string[],
    before: string | null,
    limit: number,
    visibility: UpdateVisibility,
  ): Promise<StatusUpdate[]> {
    const p = new SqlParams();
    const rows = await this.db.query(
      `SELECT * FROM (
         SELECT ${this.columns()}, row_number() OVER (PARTITION BY su.initiative_id ORDER BY su.period DESC) AS rn
         FROM status_update su
         WHERE su.initiative_id = ANY(${p.add(initiativeIds)}::uuid[])
           AND (${p.add(before)}::text IS NULL OR su.period < ${p.add(before)}::bpchar)
           AND ${visibilitySql(visibility, 'su', p)}
       ) page
       WHERE page.rn <= ${p.add(limit)}
       ORDER BY page.initiative_id, page.period DESC`,
      p.values,
    );
    return rows.map((row) => this.entity(row));
  }

  /**
   * Records that `viewer` saved (with the e-mail of their token, for the notices to authors) or submitted
   * the update; each person once, whatever they did how often.
   */
  async recordAuthor(
    statusUpdateId: string,
    author: { subject: string; name?: string; email?: string },
    step: 'save' | 'submit',
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO status_update_author (status_update_id, subject, name, email, saved, submitted)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (status_update_id, subject) DO UPDATE SET
         name = coalesce(EXCLUDED.name, status_update_author.name),
         email = CASE WHEN EXCLUDED.saved THEN EXCLUDED.email ELSE status_update_author.email END,
         saved = status_update_author.saved OR EXCLUDED.saved,
         submitted = status_update_author.submitted OR EXCLUDED.submitted,
         last_at = now()`,
      [statusUpdateId, author.subject, author.name ?? null, author.email ?? null, step === 'save', step === 'submit'],
    );
  }

  /** The subjects of everyone who saved or submitted the update. */
  async authorSubjects(statusUpdateId: string): Promise<string[]> {
    const rows = await this.db.query<{ subject: string }>(
      `SELECT subject FROM status_update_author WHERE status_update_id = $1`,
      [statusUpdateId],
    );
    return rows.map((row) => row.subject);
  }

  byIds(ids: readonly string[]): Promise<StatusUpdate[]> {
    return this.db.repository(StatusUpdate).findBy({ id: In([...ids]) });
  }

  /**
   * Where the notices to an update's authors go: the e-mail each one who saved it had at their last save
   * (those who only submitted, or had no email claim, get none).
   */
  async authorEmails(statusUpdateId: string): Promise<string[]> {
    const rows = await this.db.query<{ email: string }>(
      `SELECT email FROM status_update_author
       WHERE status_update_id = $1 AND saved AND email IS NOT NULL AND email <> ''
       ORDER BY first_at, subject`,
      [statusUpdateId],
    );
    return rows.map((row) => row.email);
  }
}
