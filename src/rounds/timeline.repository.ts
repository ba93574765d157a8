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

// The enum values are constants of the code, never input, so they can be written into the SQL text.
const statusSums = STATUSES.map((s) => `sum(d) FILTER (WHERE status = '${s}') AS "s_${s}"`).join(', ');
const obstacleSums = OBSTACLES.map((o) => `sum(d) FILTER (WHERE '${o}' = ANY (obstacles)) AS "o_${o}"`).join(', ');
const running = (column: string) => `(coalesce(sum(pq."${column}") OVER w, 0))::int AS "${column}"`;

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
   * period up to the quarter. Every approved update is shown from its own period (or `quarters[0]`) until
   * the initiative's next approved one, so the counts are running sums of the changes per quarter: one pass
   * over the strategy's approved updates, however many quarters. initiativeCount is the strategy's
   * initiatives as they are now, as in statusOverview.
   */
  async counts(strategyId: string, quarters: readonly string[]): Promise<QuarterCounts[]> {
    const from = quarters[0];
    const to = quarters[quarters.length - 1];
    const columns = ['reported', ...STATUSES.map((s) => `s_${s}`), ...OBSTACLES.map((o) => `o_${o}`)];
    const rows = await this.db.query<Record<string, number | string>>(
      `WITH quarters AS (
         SELECT q.period::bpchar AS period, q.ord FROM unnest($2::text[]) WITH ORDINALITY AS q(period, ord)
       ),
       shown AS (
         SELECT su.status, su.obstacles, greatest(su.period, $3::bpchar) AS starts,
           lead(su.period) OVER (PARTITION BY su.initiative_id ORDER BY su.period) AS ends
         FROM status_update su
         WHERE su.state = 'APPROVED' AND su.period <= $4::bpchar
           AND su.initiative_id IN (SELECT i.id FROM initiative i WHERE i.strategy_id = $1)
       ),
       changes AS (
         SELECT starts AS period, status, obstacles, 1 AS d FROM shown WHERE ends IS NULL OR ends > $3::bpchar
         UNION ALL
         SELECT ends, status, obstacles, -1 FROM shown WHERE ends > $3::bpchar
       ),
       per_quarter AS (
         SELECT period, sum(d) AS reported, ${statusSums}, ${obstacleSums} FROM changes GROUP BY period
       )
       SELECT q.period::text AS period,
         (SELECT count(*) FROM initiative i WHERE i.strategy_id = $1)::int AS initiative_count,
         ${columns.map(running).join(', ')}
       FROM quarters q LEFT JOIN per_quarter pq ON pq.period = q.period
       WINDOW w AS (ORDER BY q.ord)
       ORDER BY q.ord`,
      [strategyId, quarters, from, to],
    );
    return rows.map((row) => {
      const initiativeCount = row.initiative_count as number;
      return {
        period: row.period as string,
        initiativeCount,
        notReported: initiativeCount - (row.reported as number),
        statuses: Object.fromEntries(STATUSES.map((s) => [s, row[`s_${s}`] as number])) as Record<
          DeliveryStatus,
          number
        >,
        obstacles: Object.fromEntries(OBSTACLES.map((o) => [o, row[`o_${o}`] as number])) as Record<Obstacle, number>,
      };
    });
  }
}
