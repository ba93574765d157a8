import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { hydrate, selectList } from '../database/entity-rows.js';
import { ReportingRoundRecord, RoundState } from './entities/reporting-round-record.entity.js';

type Row = Record<string, unknown>;

/** Columns a step of the round may change, by property name. */
export type RoundChanges = Partial<Pick<ReportingRoundRecord, 'state' | 'dueDate' | 'closedBy'>>;

/** The SQL of reporting rounds (table reporting_round). */
@Injectable()
export class RoundRepository {
  constructor(private readonly db: Database) {}

  private columns(alias = 'r'): string {
    return selectList(this.db.dataSource, ReportingRoundRecord, alias, '');
  }

  private entity(row: Row): ReportingRoundRecord {
    return hydrate(this.db.dataSource, ReportingRoundRecord, row, '')!;
  }

  /** Opens the period's round unless one was opened already (then null: the key is taken). */
  async insertOpen(values: {
    period: string;
    dueDate: string;
    message: string | null;
    openedBy: string;
  }): Promise<ReportingRoundRecord | null> {
    const [row] = await this.db.query(
      `INSERT INTO reporting_round (period, state, due_date, message, opened_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (period) DO NOTHING
       RETURNING ${this.columns('reporting_round')}`,
      [values.period, RoundState.OPEN, values.dueDate, values.message, values.openedBy],
    );
    return row ? this.entity(row) : null;
  }

  /** The period's round, locked for the rest of the transaction. */
  async lock(period: string): Promise<ReportingRoundRecord | null> {
    const [row] = await this.db.query(
      `SELECT ${this.columns()} FROM reporting_round r WHERE r.period = $1 FOR UPDATE`,
      [period],
    );
    return row ? this.entity(row) : null;
  }

  /** Writes `changes` to the (locked) round with a new version; `now` columns get the current time. */
  async update(
    period: string,
    changes: RoundChanges,
    now: (keyof ReportingRoundRecord)[] = [],
  ): Promise<ReportingRoundRecord> {
    const set: Record<string, unknown> = { ...changes, version: () => 'version + 1', updatedAt: () => 'now()' };
    // The moment of the statement, not of the transaction: a close states when its report was read.
    for (const column of now) set[column] = () => 'clock_timestamp()';
    const result = await this.db.manager
      .createQueryBuilder()
      .update(ReportingRoundRecord)
      .set(set)
      .where('period = :period', { period })
      .returning('*')
      .execute();
    return this.entity((result.raw as Row[])[0]);
  }

  async byPeriods(periods: readonly string[]): Promise<ReportingRoundRecord[]> {
    const rows = await this.db.query(
      `SELECT ${this.columns()} FROM reporting_round r WHERE r.period = ANY($1::bpchar[])`,
      [periods],
    );
    return rows.map((row) => this.entity(row));
  }

  /** Every opened round, newest period first. */
  async list(): Promise<ReportingRoundRecord[]> {
    const rows = await this.db.query(`SELECT ${this.columns()} FROM reporting_round r ORDER BY r.period DESC`);
    return rows.map((row) => this.entity(row));
  }

  /** The periods of CLOSED rounds, newest first. */
  async closedPeriods(): Promise<string[]> {
    const rows = await this.db.query<{ period: string }>(
      `SELECT period FROM reporting_round WHERE state = $1 ORDER BY period DESC`,
      [RoundState.CLOSED],
    );
    return rows.map((row) => row.period);
  }

  /**
   * Per period with a round: its ACTIVE initiatives whose update is late (first submitted on a day in
   * Oslo after the due date) or that have none, or only an unsubmitted one, once `today` (in Oslo) is past
   * the due date. The rule of round.rules.ts (isLate), in one statement for any number of periods.
   */
  async lateCounts(periods: readonly string[], today: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ period: string; late: number }>(
      `SELECT r.period, count(i.id)::int AS late
       FROM reporting_round r
       JOIN initiative i ON i.lifecycle = 'ACTIVE'
       LEFT JOIN status_update su ON su.initiative_id = i.id AND su.period = r.period
       WHERE r.period = ANY($1::bpchar[])
         AND coalesce((su.first_submitted_at AT TIME ZONE 'Europe/Oslo')::date, $2::date) > r.due_date
       GROUP BY r.period`,
      [periods, today],
    );
    return new Map(rows.map((row) => [row.period, row.late]));
  }
}
