import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../common/errors/index.js';
import { currentQuarter, FIRST_QUARTER } from '../common/quarter.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { Obstacle, StatusUpdate } from '../status-updates/entities/status-update.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { Strategy } from '../strategy/entities/strategy.entity.js';
import { hydrate, selectList } from './entity-rows.js';
import { GoalOverview, InitiativeStatus, ReportingRound, StatusOverview } from './models/overview.model.js';

const STATUSES = Object.values(DeliveryStatus);
const OBSTACLES = Object.values(Obstacle);

/** Each initiative of strategy $1 with its newest APPROVED update of period <= $2 (the partial index ix_status_update_approved). */
const SHOWN_UPDATE = `
  LEFT JOIN LATERAL (
    SELECT su.* FROM status_update su
    WHERE su.initiative_id = i.id AND su.state = 'APPROVED' AND su.period <= $2
    ORDER BY su.period DESC
    LIMIT 1
  ) u ON true`;

// The enum values are constants of the code, never input, so they can be written into the SQL text.
const statusColumns = (alias: string) =>
  STATUSES.map((status) => `count(DISTINCT ${alias}.id) FILTER (WHERE ${alias}.status = '${status}')::int AS "status_${status}"`).join(',\n    ');
const obstacleColumns = (alias: string) =>
  OBSTACLES.map((obstacle) => `count(DISTINCT ${alias}.id) FILTER (WHERE '${obstacle}' = ANY (${alias}.obstacles))::int AS "obstacle_${obstacle}"`).join(
    ',\n    ',
  );

type Row = Record<string, unknown>;

/**
 * The portal's status overview and the directorate's reporting round. Each is answered with a fixed number of
 * set-based statements whatever the size of the plan: the overview with three (strategy and default period;
 * the initiatives with their shown update; every count, per goal and for the strategy, with GROUP BY and
 * FILTER), the round with two. The counting happens in PostgreSQL; the server only shapes the answer.
 */
@Injectable()
export class OverviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async statusOverview(strategySlug: string | null | undefined, requestedPeriod: string | null | undefined): Promise<StatusOverview> {
    if (requestedPeriod) assertReportablePeriod(requestedPeriod);
    const [head] = await this.dataSource.query<Row[]>(
      `SELECT ${selectList(this.dataSource, Strategy, 's', 's_')},
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
       LIMIT 1`,
      [strategySlug ?? null, !requestedPeriod],
    );
    if (!head) throw new NotFoundError('Strategy', strategySlug ?? '(any)', strategySlug != null ? 'strategy' : undefined);
    const strategy = hydrate(this.dataSource, Strategy, head, 's_')!;
    const period = requestedPeriod ?? (head.newest_period as string | null) ?? currentQuarter();

    const [rows, counts] = await Promise.all([this.shownUpdates(strategy.id, period), this.counts(strategy.id, period)]);

    const totals = counts.find((row) => row.g_id == null)!;
    const goals = new Map<string, GoalOverview>();
    for (const row of counts) {
      if (row.g_id == null) continue;
      const goal = hydrate(this.dataSource, Goal, row, 'g_')!;
      goals.set(goal.id, {
        goal,
        initiativeCount: row.initiative_count as number,
        notReported: row.not_reported as number,
        statusCounts: statusCounts(row),
        initiatives: [],
      });
    }
    // Rows come in natural code order, so each goal's list keeps it.
    for (const row of rows) {
      const initiative = hydrate(this.dataSource, Initiative, row, 'i_')!;
      const update = hydrate(this.dataSource, StatusUpdate, row, 'u_');
      const standing: InitiativeStatus = {
        initiative,
        update,
        status: update?.status ?? null,
        upToDate: update?.period === period,
      };
      for (const goalId of row.goal_ids as string[]) goals.get(goalId)?.initiatives.push(standing);
    }

    return {
      strategy,
      period,
      initiativeCount: totals.initiative_count as number,
      notReported: totals.not_reported as number,
      statusCounts: statusCounts(totals),
      obstacleCounts: OBSTACLES.map((obstacle) => ({ obstacle, count: totals[`obstacle_${obstacle}`] as number })),
      goals: [...goals.values()],
      lastPublishedAt: (totals.last_published_at as Date | null) ?? null,
    };
  }

  /** Every initiative of the strategy with its shown update and its goal ids, in natural code order. */
  private shownUpdates(strategyId: string, period: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `SELECT ${selectList(this.dataSource, Initiative, 'i', 'i_')},
         ${selectList(this.dataSource, StatusUpdate, 'u', 'u_')},
         ARRAY(SELECT ig.goal_id FROM initiative_goal ig WHERE ig.initiative_id = i.id) AS goal_ids
       FROM initiative i
       ${SHOWN_UPDATE}
       WHERE i.strategy_id = $1
       ORDER BY i.code, i.id`,
      [strategyId, period],
    );
  }

  /**
   * One row per goal of the strategy (ordered by number) with its counts, and one row without a goal with
   * the strategy's totals. count(DISTINCT id) counts an initiative under two goals once in the totals.
   */
  private counts(strategyId: string, period: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `WITH shown AS MATERIALIZED (
         SELECT i.id, u.status, u.obstacles, u.published_at
         FROM initiative i
         ${SHOWN_UPDATE}
         WHERE i.strategy_id = $1
       )
       SELECT ${selectList(this.dataSource, Goal, 'g', 'g_')},
         count(DISTINCT s.id)::int AS initiative_count,
         count(DISTINCT s.id) FILTER (WHERE s.status IS NULL)::int AS not_reported,
         ${statusColumns('s')},
         ${obstacleColumns('s')},
         max(s.published_at) AS last_published_at
       FROM goal g
       LEFT JOIN initiative_goal ig ON ig.goal_id = g.id
       LEFT JOIN shown s ON s.id = ig.initiative_id
       WHERE g.strategy_id = $1
       GROUP BY g.id
       UNION ALL
       SELECT ${selectList(this.dataSource, Goal, null, 'g_')},
         count(DISTINCT s.id)::int,
         count(DISTINCT s.id) FILTER (WHERE s.status IS NULL)::int,
         ${statusColumns('s')},
         ${obstacleColumns('s')},
         max(s.published_at)
       FROM shown s
       ORDER BY "g_number" NULLS LAST`,
      [strategyId, period],
    );
  }

  async reportingRound(period: string): Promise<ReportingRound> {
    assertReportablePeriod(period);
    const [[counts], missing] = await Promise.all([
      this.dataSource.query<Row[]>(
        `SELECT (SELECT count(*) FROM initiative WHERE lifecycle = 'ACTIVE')::int AS expected,
           count(*) FILTER (WHERE state = 'DRAFT')::int AS drafts,
           count(*) FILTER (WHERE state = 'SUBMITTED')::int AS submitted,
           count(*) FILTER (WHERE state = 'APPROVED')::int AS approved,
           count(*) FILTER (WHERE state = 'RETURNED')::int AS returned
         FROM status_update
         WHERE period = $1`,
        [period],
      ),
      this.dataSource.query<Row[]>(
        `SELECT ${selectList(this.dataSource, Initiative, 'i', 'i_')}
         FROM initiative i
         WHERE i.lifecycle = 'ACTIVE'
           AND NOT EXISTS (
             SELECT 1 FROM status_update su
             WHERE su.initiative_id = i.id AND su.period = $1 AND su.state IN ('SUBMITTED', 'APPROVED')
           )
         ORDER BY i.code, i.strategy_id, i.id`,
        [period],
      ),
    ]);
    return {
      period,
      expected: counts.expected as number,
      drafts: counts.drafts as number,
      submitted: counts.submitted as number,
      approved: counts.approved as number,
      returned: counts.returned as number,
      missing: missing.map((row) => hydrate(this.dataSource, Initiative, row, 'i_')!),
    };
  }
}

function statusCounts(row: Row) {
  return STATUSES.map((status) => ({ status, count: row[`status_${status}`] as number }));
}

/**
 * A quarter runs from 2000-Q1 to the current one (DESIGN.md, Limits): nothing can be reported for a later
 * quarter, so asking for one is an input mistake rather than an empty answer.
 */
function assertReportablePeriod(period: string): void {
  if (period < FIRST_QUARTER) throw BadUserInputError.field('period', `The first reporting quarter is ${FIRST_QUARTER}`);
  const current = currentQuarter();
  if (period > current) throw BadUserInputError.field('period', `${period} has not begun; the current quarter is ${current}`);
}
