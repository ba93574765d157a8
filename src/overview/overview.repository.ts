import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { hydrate, selectedAliases, selectList } from '../database/entity-rows.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { Obstacle, StatusUpdate } from '../status-updates/entities/status-update.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { Strategy } from '../strategy/entities/strategy.entity.js';

const STATUSES = Object.values(DeliveryStatus);
const OBSTACLES = Object.values(Obstacle);

// The enum values are constants of the code, never input, so they can be written into the SQL text.
const statusObject = (column: string) =>
  `json_build_object(${STATUSES.map((s) => `'${s}', count(*) FILTER (WHERE ${column} = '${s}')`).join(', ')})`;
const obstacleObject = (column: string) =>
  `json_build_object(${OBSTACLES.map((o) => `'${o}', count(*) FILTER (WHERE '${o}' = ANY (${column}))`).join(', ')})`;

/** The counts PostgreSQL computes for an overview, for the strategy and (in `goals`) per goal id. */
export interface OverviewCounts {
  initiativeCount: number;
  notReported: number;
  statuses: Record<DeliveryStatus, number>;
  obstacles?: Record<Obstacle, number>;
  lastPublishedAt?: string | null;
  goals?: Record<string, OverviewCounts> | null;
}

/** Which columns of the nested entities to read, by property name (every one when left out). */
export interface ColumnFilter {
  initiative?: (property: string) => boolean;
  update?: (property: string) => boolean;
}

/** One initiative of an overview with the update it shows, and the goals it is listed under. */
export interface StandingRow {
  initiative: Initiative;
  update: StatusUpdate | null;
  goalIds: string[];
}

/** A reporting round's counts of one period. */
export interface RoundCounts {
  expected: number;
  drafts: number;
  submitted: number;
  approved: number;
  returned: number;
}

type Row = Record<string, unknown>;

/**
 * The set-based SQL of the status overview and the reporting round: a fixed number of statements whatever
 * the size of the plan (the benchmark's portal case is why this is hand-written SQL).
 */
@Injectable()
export class OverviewRepository {
  constructor(private readonly db: Database) {}

  /**
   * The strategy (by slug, else the first created) with its goals by number and, when asked, the newest
   * period with an approved update among its initiatives. Null when there is no such strategy.
   */
  async head(
    strategySlug: string | null,
    withNewestPeriod: boolean,
  ): Promise<{ strategy: Strategy; goals: Goal[]; newestPeriod: string | null } | null> {
    const ds = this.db.dataSource;
    const rows = await this.db.query(
      `WITH s AS (
         SELECT ${selectList(ds, Strategy, 's', 's_')},
           CASE WHEN $2 THEN (
             SELECT su.period FROM status_update su
             WHERE su.state = 'APPROVED'
               AND EXISTS (SELECT 1 FROM initiative i WHERE i.id = su.initiative_id AND i.strategy_id = s.id)
             ORDER BY su.period DESC
             LIMIT 1
           ) END AS newest_period
         FROM strategy s
         WHERE $1::varchar IS NULL OR s.slug = $1
         ORDER BY s.created_at, s.id
         LIMIT 1
       )
       SELECT s.*, ${selectList(ds, Goal, 'g', 'g_')}
       FROM s LEFT JOIN goal g ON g.strategy_id = s.s_id
       ORDER BY g.number`,
      [strategySlug, withNewestPeriod],
    );
    if (rows.length === 0) return null;
    return {
      strategy: hydrate(ds, Strategy, rows[0], 's_')!,
      goals: rows.flatMap((row) => hydrate(ds, Goal, row, 'g_') ?? []),
      newestPeriod: (rows[0].newest_period as string | null) ?? null,
    };
  }

  /**
   * Every initiative of the strategy in natural code order with its shown update (the newest APPROVED one
   * with period <= `period`: one LATERAL index probe each), and every count, per goal and for the strategy,
   * computed by PostgreSQL from the same rows (FILTER) and carried on the first row.
   */
  async standings(
    strategyId: string,
    period: string,
    columns: ColumnFilter,
  ): Promise<{ rows: StandingRow[]; counts: OverviewCounts | null }> {
    const ds = this.db.dataSource;
    const rows = await this.db.query(
      `WITH shown AS MATERIALIZED (
         SELECT ${selectList(ds, Initiative, 'i', 'i_', columns.initiative)},
           ${selectList(ds, StatusUpdate, 'u', 'u_', columns.update)},
           u.status AS shown_status, u.obstacles AS shown_obstacles, u.published_at AS shown_published_at
         FROM initiative i
         LEFT JOIN LATERAL (
           SELECT su.* FROM status_update su
           WHERE su.initiative_id = i.id AND su.state = 'APPROVED' AND su.period <= $2
           ORDER BY su.period DESC
           LIMIT 1
         ) u ON true
         WHERE i.strategy_id = $1
       ),
       pairs AS (
         SELECT ig.goal_id, sh.shown_status FROM shown sh JOIN initiative_goal ig ON ig.initiative_id = sh.i_id
       ),
       counts AS (
         SELECT json_build_object(
           'initiativeCount', count(*),
           'notReported', count(*) FILTER (WHERE shown_status IS NULL),
           'statuses', ${statusObject('shown_status')},
           'obstacles', ${obstacleObject('shown_obstacles')},
           'lastPublishedAt', max(shown_published_at),
           'goals', (
             SELECT json_object_agg(goal_id, goal_counts) FROM (
               SELECT goal_id, json_build_object(
                 'initiativeCount', count(*),
                 'notReported', count(*) FILTER (WHERE shown_status IS NULL),
                 'statuses', ${statusObject('shown_status')}
               ) AS goal_counts
               FROM pairs GROUP BY goal_id
             ) per_goal
           )
         ) AS counts
         FROM shown
       )
       SELECT ${selectedAliases(ds, Initiative, 'sh', 'i_', columns.initiative)},
         ${selectedAliases(ds, StatusUpdate, 'sh', 'u_', columns.update)},
         -- text: cheaper to parse than an array
         (SELECT string_agg(ig.goal_id::text, ',') FROM initiative_goal ig WHERE ig.initiative_id = sh.i_id) AS goal_ids,
         CASE WHEN row_number() OVER (ORDER BY sh.i_code, sh.i_id) = 1 THEN (SELECT counts FROM counts) END AS counts
       FROM shown sh
       ORDER BY sh.i_code, sh.i_id`,
      [strategyId, period],
    );
    return {
      counts: (rows[0]?.counts as OverviewCounts | undefined) ?? null,
      rows: rows.map((row: Row) => ({
        initiative: hydrate(ds, Initiative, row, 'i_')!,
        update: hydrate(ds, StatusUpdate, row, 'u_'),
        goalIds: ((row.goal_ids as string | null) ?? '').split(','),
      })),
    };
  }

  /** Every strategy's slug, oldest first (the close of a round freezes a report for each). */
  async strategySlugs(): Promise<string[]> {
    const rows = await this.db.query<{ slug: string }>(`SELECT slug FROM strategy ORDER BY created_at, id`);
    return rows.map((row) => row.slug);
  }

  /** Each period's round counts: ACTIVE initiatives, and the period's updates by state; in the order given. */
  async roundCounts(periods: readonly string[]): Promise<RoundCounts[]> {
    const rows = await this.db.query<RoundCounts & { period: string }>(
      `SELECT p.period::text AS period,
         (SELECT count(*) FROM initiative WHERE lifecycle = 'ACTIVE')::int AS expected,
         count(su.id) FILTER (WHERE su.state = 'DRAFT')::int AS drafts,
         count(su.id) FILTER (WHERE su.state = 'SUBMITTED')::int AS submitted,
         count(su.id) FILTER (WHERE su.state = 'APPROVED')::int AS approved,
         count(su.id) FILTER (WHERE su.state = 'RETURNED')::int AS returned
       FROM unnest($1::bpchar[]) AS p(period)
       LEFT JOIN status_update su ON su.period = p.period
       GROUP BY p.period`,
      [periods],
    );
    const byPeriod = new Map(rows.map(({ period, ...counts }) => [period, counts]));
    return periods.map((period) => byPeriod.get(period)!);
  }

  /** Each period's ACTIVE initiatives with no update in SUBMITTED or APPROVED state, by code; in the order given. */
  async missing(periods: readonly string[], columns: ColumnFilter['initiative']): Promise<Initiative[][]> {
    const ds = this.db.dataSource;
    const rows = await this.db.query(
      `SELECT p.period::text AS round_period, ${selectList(ds, Initiative, 'i', 'i_', columns)}
       FROM unnest($1::bpchar[]) AS p(period)
       JOIN initiative i ON i.lifecycle = 'ACTIVE'
       WHERE NOT EXISTS (
           SELECT 1 FROM status_update su
           WHERE su.initiative_id = i.id AND su.period = p.period AND su.state IN ('SUBMITTED', 'APPROVED')
         )
       ORDER BY p.period, i.code, i.strategy_id, i.id`,
      [periods],
    );
    const byPeriod = new Map<string, Initiative[]>(periods.map((period) => [period, []]));
    for (const row of rows) byPeriod.get(row.round_period as string)!.push(hydrate(ds, Initiative, row, 'i_')!);
    return periods.map((period) => byPeriod.get(period)!);
  }
}
