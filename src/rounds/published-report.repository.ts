import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { hydrate, selectList } from '../database/entity-rows.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import type { ColumnFilter } from '../overview/overview.repository.js';
import { StatusUpdate } from '../status-updates/entities/status-update.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { Strategy } from '../strategy/entities/strategy.entity.js';
import { PublishedReport, PublishedReportEntry } from './entities/published-report.entity.js';

/** One stored entry with the live initiative and the update it showed. */
export interface StoredEntry {
  goalId: string;
  initiative: Initiative;
  update: StatusUpdate | null;
  status: DeliveryStatus | null;
  upToDate: boolean;
}

/**
 * The SQL of published reports (published_report, published_report_entry): written once when a round
 * closes, then only read, with a fixed number of statements whatever the report's size.
 */
@Injectable()
export class PublishedReportRepository {
  constructor(private readonly db: Database) {}

  /** Stores one strategy's report and its entries (two statements, whatever the number of entries). */
  async insert(report: PublishedReport, entries: PublishedReportEntry[]): Promise<void> {
    await this.db.query(
      `INSERT INTO published_report (period, strategy_id, closed_at, goal_ids, counts) VALUES ($1, $2, $3, $4::uuid[], $5::jsonb)`,
      [report.period, report.strategyId, report.closedAt, report.goalIds, JSON.stringify(report.counts)],
    );
    if (entries.length === 0) return;
    await this.db.query(
      `INSERT INTO published_report_entry (period, strategy_id, goal_id, position, initiative_id, status_update_id, status, up_to_date)
       SELECT $1, $2, e.goal_id, e.position, e.initiative_id, e.status_update_id, e.status, e.up_to_date
       FROM unnest($3::uuid[], $4::int[], $5::uuid[], $6::uuid[], $7::varchar[], $8::boolean[])
         AS e(goal_id, position, initiative_id, status_update_id, status, up_to_date)`,
      [
        report.period,
        report.strategyId,
        entries.map((e) => e.goalId),
        entries.map((e) => e.position),
        entries.map((e) => e.initiativeId),
        entries.map((e) => e.statusUpdateId),
        entries.map((e) => e.status),
        entries.map((e) => e.upToDate),
      ],
    );
  }

  /**
   * The strategy (by slug, else the first created) with its report of the period, if any, and the
   * report's goals in their order at the close (live goal records). Null when there is no such strategy.
   */
  async head(
    strategySlug: string | null,
    period: string,
  ): Promise<{ strategy: Strategy; report: PublishedReport | null; goals: Goal[] } | null> {
    const ds = this.db.dataSource;
    const rows = await this.db.query(
      `WITH s AS (
         SELECT ${selectList(ds, Strategy, 's', 's_')}
         FROM strategy s
         WHERE $1::varchar IS NULL OR s.slug = $1
         ORDER BY s.created_at, s.id
         LIMIT 1
       )
       SELECT s.*, ${selectList(ds, PublishedReport, 'r', 'r_')}, ${selectList(ds, Goal, 'g', 'g_')}
       FROM s
       LEFT JOIN published_report r ON r.strategy_id = s.s_id AND r.period = $2
       LEFT JOIN LATERAL unnest(r.goal_ids) WITH ORDINALITY AS o(goal_id, ord) ON true
       LEFT JOIN goal g ON g.id = o.goal_id
       ORDER BY o.ord`,
      [strategySlug, period],
    );
    if (rows.length === 0) return null;
    return {
      strategy: hydrate(ds, Strategy, rows[0], 's_')!,
      report: hydrate(ds, PublishedReport, rows[0], 'r_'),
      goals: rows.flatMap((row) => hydrate(ds, Goal, row, 'g_') ?? []),
    };
  }

  /** The report's entries with their live initiatives and shown updates, each goal's in its order. */
  async entries(strategyId: string, period: string, columns: Required<ColumnFilter>): Promise<StoredEntry[]> {
    const ds = this.db.dataSource;
    const rows = await this.db.query(
      `SELECT e.goal_id, e.status AS shown_status, e.up_to_date,
         ${selectList(ds, Initiative, 'i', 'i_', columns.initiative)},
         ${selectList(ds, StatusUpdate, 'u', 'u_', columns.update)}
       FROM published_report_entry e
       JOIN initiative i ON i.id = e.initiative_id
       LEFT JOIN status_update u ON u.id = e.status_update_id
       WHERE e.period = $1 AND e.strategy_id = $2
       ORDER BY e.goal_id, e.position`,
      [period, strategyId],
    );
    return rows.map((row) => ({
      goalId: row.goal_id as string,
      initiative: hydrate(ds, Initiative, row, 'i_')!,
      update: hydrate(ds, StatusUpdate, row, 'u_'),
      status: (row.shown_status as DeliveryStatus | null) ?? null,
      upToDate: row.up_to_date as boolean,
    }));
  }
}
