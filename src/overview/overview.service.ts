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
import { hydrate, selectedAliases, selectList } from './entity-rows.js';
import { GoalOverview, InitiativeStatus, ReportingRound, StatusOverview } from './models/overview.model.js';

const STATUSES = Object.values(DeliveryStatus);
const OBSTACLES = Object.values(Obstacle);

/**
 * The columns of the nested entities that are always read: keys, references and states, which other
 * modules' field resolvers use (an initiative's executingAgency, an update's author). Every other column
 * (texts, dates, lists) is read only when the query asks for the field of the same name: the portal's page
 * asks for a few fields of thousands of rows, and reading and parsing the rest was most of the work.
 */
const ALWAYS_READ: Record<'initiative' | 'update', Set<string>> = {
  initiative: new Set([
    'id',
    'strategyId',
    'code',
    'focusAreaId',
    'responsibleMinistryId',
    'executingAgencyId',
    'lifecycle',
    'currentStatus',
    'currentStatusPeriod',
    'version',
  ]),
  update: new Set([
    'id',
    'initiativeId',
    'period',
    'status',
    'state',
    'authorSubject',
    'authorName',
    'reviewerSubject',
    'version',
  ]),
};

/** Which fields of the nested entities the query selects; undefined reads every column. */
export interface OverviewProjection {
  initiative?: Set<string>;
  update?: Set<string>;
}

const including = (always: Set<string>, requested: Set<string> | undefined) => (property: string) =>
  !requested || always.has(property) || requested.has(property);

// The enum values are constants of the code, never input, so they can be written into the SQL text.
const statusObject = (column: string) =>
  `json_build_object(${STATUSES.map((s) => `'${s}', count(*) FILTER (WHERE ${column} = '${s}')`).join(', ')})`;
const obstacleObject = (column: string) =>
  `json_build_object(${OBSTACLES.map((o) => `'${o}', count(*) FILTER (WHERE '${o}' = ANY (${column}))`).join(', ')})`;

interface CountsJson {
  initiativeCount: number;
  notReported: number;
  statuses: Record<DeliveryStatus, number>;
  obstacles?: Record<Obstacle, number>;
  lastPublishedAt?: string | null;
  goals?: Record<string, CountsJson> | null;
}

type Row = Record<string, unknown>;

/**
 * The portal's status overview and the directorate's reporting round, each answered with a fixed number of
 * set-based statements whatever the size of the plan. The overview takes two: the strategy with its goals
 * and the default period; then every initiative with its shown update (one LATERAL index probe each),
 * whose first row also carries every count, per goal and for the strategy, computed from the same rows by
 * PostgreSQL (FILTER). The round takes two: the counts, and the missing initiatives.
 */
@Injectable()
export class OverviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async statusOverview(
    strategySlug: string | null | undefined,
    requestedPeriod: string | null | undefined,
    projection: OverviewProjection = {},
  ): Promise<StatusOverview> {
    if (requestedPeriod) assertReportablePeriod(requestedPeriod);
    const head = await this.dataSource.query<Row[]>(
      `WITH s AS (
         SELECT ${selectList(this.dataSource, Strategy, 's', 's_')},
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
       SELECT s.*, ${selectList(this.dataSource, Goal, 'g', 'g_')}
       FROM s LEFT JOIN goal g ON g.strategy_id = s.s_id
       ORDER BY g.number`,
      [strategySlug ?? null, !requestedPeriod],
    );
    if (head.length === 0)
      throw new NotFoundError('Strategy', strategySlug ?? '(any)', strategySlug != null ? 'strategy' : undefined);
    const strategy = hydrate(this.dataSource, Strategy, head[0], 's_')!;
    const period = requestedPeriod ?? (head[0].newest_period as string | null) ?? currentQuarter();

    const initiativeColumns = including(ALWAYS_READ.initiative, projection.initiative);
    const updateColumns = including(ALWAYS_READ.update, projection.update);
    const rows = await this.dataSource.query<Row[]>(
      `WITH shown AS MATERIALIZED (
         SELECT ${selectList(this.dataSource, Initiative, 'i', 'i_', initiativeColumns)},
           ${selectList(this.dataSource, StatusUpdate, 'u', 'u_', updateColumns)},
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
       SELECT ${selectedAliases(this.dataSource, Initiative, 'sh', 'i_', initiativeColumns)},
         ${selectedAliases(this.dataSource, StatusUpdate, 'sh', 'u_', updateColumns)},
         -- text: cheaper to parse than an array
         (SELECT string_agg(ig.goal_id::text, ',') FROM initiative_goal ig WHERE ig.initiative_id = sh.i_id) AS goal_ids,
         CASE WHEN row_number() OVER (ORDER BY sh.i_code, sh.i_id) = 1 THEN (SELECT counts FROM counts) END AS counts
       FROM shown sh
       ORDER BY sh.i_code, sh.i_id`,
      [strategy.id, period],
    );

    const counts = (rows[0]?.counts as CountsJson | undefined) ?? null;
    const goals = new Map<string, GoalOverview>();
    for (const row of head) {
      const goal = hydrate(this.dataSource, Goal, row, 'g_');
      if (!goal) continue;
      const own = counts?.goals?.[goal.id];
      goals.set(goal.id, {
        goal,
        initiativeCount: own?.initiativeCount ?? 0,
        notReported: own?.notReported ?? 0,
        statusCounts: statusCounts(own),
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
      for (const goalId of ((row.goal_ids as string | null) ?? '').split(','))
        goals.get(goalId)?.initiatives.push(standing);
    }

    return {
      strategy,
      period,
      initiativeCount: counts?.initiativeCount ?? 0,
      notReported: counts?.notReported ?? 0,
      statusCounts: statusCounts(counts),
      obstacleCounts: OBSTACLES.map((obstacle) => ({ obstacle, count: counts?.obstacles?.[obstacle] ?? 0 })),
      goals: [...goals.values()],
      lastPublishedAt: counts?.lastPublishedAt ? new Date(counts.lastPublishedAt) : null,
    };
  }

  async reportingRound(period: string, projection: OverviewProjection = {}): Promise<ReportingRound> {
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
        `SELECT ${selectList(this.dataSource, Initiative, 'i', 'i_', including(ALWAYS_READ.initiative, projection.initiative))}
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

function statusCounts(counts: CountsJson | null | undefined) {
  return STATUSES.map((status) => ({ status, count: counts?.statuses[status] ?? 0 }));
}

/**
 * A quarter runs from 2000-Q1 to the current one (DESIGN.md, Limits): nothing can be reported for a later
 * quarter, so asking for one is an input mistake rather than an empty answer.
 */
function assertReportablePeriod(period: string): void {
  if (period < FIRST_QUARTER)
    throw BadUserInputError.field('period', `The first reporting quarter is ${FIRST_QUARTER}`);
  const current = currentQuarter();
  if (period > current)
    throw BadUserInputError.field('period', `${period} has not begun; the current quarter is ${current}`);
}
