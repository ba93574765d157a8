import { Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Obstacle } from '../status-updates/entities/status-update.entity.js';

const STATUSES = Object.values(DeliveryStatus);
const OBSTACLES = Object.values(Obstacle);

/** What one quarter of a timeline counts, as statusOverview counts it for that period. */
export interface QuarterCounts {
  period: string;
  initiativeCount: number;
  notReported: number;
  statuses: Record<DeliveryStatus, number>;
  obstacles: Record<Obstacle, number>;
}

/**
 * The SQL of statusTimeline: two statements whatever the number of quarters and initiatives (the strategy
 * with its default period; then every quarter's counts).
 */
@Injectable()
export class TimelineRepository {
  constructor(private readonly db: Database) {}

  /**
   * The strategy (by slug, else the first created): its id, first year and the newest period with an
   * approved update among its initiatives (statusOverview's default period). Null when there is none.
   */
  async head(
    strategySlug: string | null,
  ): Promise<{ strategyId: string; periodStart: number; newestPeriod: string | null } | null> {
    const [row] = await this.db.query<{ id: string; period_start: number; newest_period: string | null }>(
      `SELECT s.id, s.period_start,
         (SELECT su.period FROM status_update su
          WHERE su.state = 'APPROVED'
            AND EXISTS (SELECT 1 FROM initiative i WHERE i.id = su.initiative_id AND i.strategy_id = s.id)
          ORDER BY su.period DESC
          LIMIT 1) AS newest_period
       FROM strategy s
       WHERE $1::varchar IS NULL OR s.slug = $1
       ORDER BY s.created_at, s.id
       LIMIT 1`,
      [strategySlug],
    );
    return row ? { strategyId: row.id, periodStart: row.period_start, newestPeriod: row.newest_period } : null;
  }

  /**
   * Each quarter's counts by statusOverview's rule: an initiative shows its newest APPROVED update with a
   * period up to the quarter. Every approved update is shown from its own period until the initiative's
   * next approved one, so each quarter's counts are the running sums of what starts and stops being shown
   * there. PostgreSQL reads the strategy's approved updates once, in the order of their index (no sort),
   * and groups them by (period, next period, status, obstacles): a few rows per quarter whatever the size
   * of the plan, which are summed up here. initiativeCount is the strategy's initiatives as they are now,
   * as in statusOverview.
   */
  async counts(strategyId: string, quarters: readonly string[]): Promise<QuarterCounts[]> {
    const from = quarters[0];
    const to = quarters[quarters.length - 1];
    const rows = await this.db.query<{
      period: string;
      ends: string | null;
      status: DeliveryStatus;
      obstacles: Obstacle[];
      n: number;
      initiative_count: number;
    }>(
      `SELECT s.period::text AS period, s.ends::text AS ends, s.status, s.obstacles, count(*)::int AS n,
         NULL::int AS initiative_count
       FROM (
         SELECT su.period, su.status, su.obstacles,
           lag(su.period) OVER (PARTITION BY su.initiative_id ORDER BY su.period DESC) AS ends
         FROM status_update su
         WHERE su.state = 'APPROVED' AND su.period <= $2::bpchar
           AND su.initiative_id IN (SELECT i.id FROM initiative i WHERE i.strategy_id = $1)
       ) s
       WHERE s.ends IS NULL OR s.ends > $3::bpchar
       GROUP BY s.period, s.ends, s.status, s.obstacles
       -- and last, the strategy's initiatives
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, 0, (SELECT count(*) FROM initiative i WHERE i.strategy_id = $1)::int`,
      [strategyId, to, from],
    );
    const initiativeCount = rows[rows.length - 1].initiative_count;
    const index = new Map(quarters.map((q, i) => [q, i]));
    const zero = () => quarters.map(() => 0);
    const statusChanges = new Map(STATUSES.map((s) => [s, zero()]));
    const obstacleChanges = new Map(OBSTACLES.map((o) => [o, zero()]));
    const change = (period: string, status: DeliveryStatus, obstacles: Obstacle[], n: number) => {
      const i = index.get(period)!;
      statusChanges.get(status)![i] += n;
      for (const obstacle of obstacles) obstacleChanges.get(obstacle)![i] += n;
    };
    for (const row of rows) {
      if (row.period === null) continue;
      // Shown from its period (from the range's start when that is later) until the next one, if in range.
      change(row.period < from ? from : row.period, row.status, row.obstacles, row.n);
      if (row.ends !== null) change(row.ends, row.status, row.obstacles, -row.n);
    }
    const running = (changes: number[]) => {
      let sum = 0;
      return changes.map((n) => (sum += n));
    };
    const statuses = STATUSES.map((s) => running(statusChanges.get(s)!));
    const obstacles = OBSTACLES.map((o) => running(obstacleChanges.get(o)!));
    return quarters.map((period, i) => {
      const reported = statuses.reduce((sum, counts) => sum + counts[i], 0);
      return {
        period,
        initiativeCount,
        notReported: initiativeCount - reported,
        statuses: Object.fromEntries(STATUSES.map((s, k) => [s, statuses[k][i]])) as Record<DeliveryStatus, number>,
        obstacles: Object.fromEntries(OBSTACLES.map((o, k) => [o, obstacles[k][i]])) as Record<Obstacle, number>,
      };
    });
  }
}
