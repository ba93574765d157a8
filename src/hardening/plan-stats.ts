import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { requestTally } from '../database/sql-counter.js';
import type { ListSizeKey } from './list-size.js';

export type PlanFigures = Record<ListSizeKey, number>;

const NONE: PlanFigures = {
  strategies: 0,
  organizations: 0,
  goalsPerStrategy: 0,
  focusAreasPerStrategy: 0,
  lifeEventsPerStrategy: 0,
  indicatorsPerGoal: 0,
  assessmentsPerGoal: 0,
  valuesPerIndicator: 0,
  goalsPerInitiative: 0,
  lifeEventsPerInitiative: 0,
  partnersPerInitiative: 0,
  contactsPerInitiative: 0,
  linksPerInitiative: 0,
  deliveriesPerInitiative: 0,
  approvedPerInitiative: 0,
  overviewInitiativesPerGoal: 0,
  activeInitiatives: 0,
  reportingRounds: 0,
  initiatives: 0,
  webhooks: 0,
};

const most = (table: string, by: string, where = 'TRUE') =>
  `(SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM ${table} WHERE ${where} GROUP BY ${by}) x)::int`;

/**
 * The largest sizes the plan's lists have now (a strategy's goals, a goal's key figures, the overview's
 * initiatives per goal, ...), for the query cost: one statement, read at start and again when older than
 * LIMIT_STATS_MAX_AGE_S when a query needs them, outside any request's statement tally.
 */
@Injectable()
export class PlanStats implements OnApplicationBootstrap {
  private figures: PlanFigures = NONE;
  private readAt = 0;
  private reading?: Promise<void>;

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh().catch(() => undefined);
  }

  /** The figures, read again first when they are older than the configured age. */
  async current(): Promise<PlanFigures> {
    if (Date.now() - this.readAt >= this.config.limits.statsMaxAgeSeconds * 1000) {
      // A database that is away makes the figures stale, not the request fail: the old ones still bound it.
      await this.refresh().catch(() => undefined);
    }
    return this.figures;
  }

  private refresh(): Promise<void> {
    this.reading ??= requestTally
      .exit(() => this.read())
      .then((figures) => {
        this.figures = figures;
        this.readAt = Date.now();
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<PlanFigures> {
    const [row] = await this.db.query<PlanFigures>(
      `SELECT
         (SELECT count(*) FROM strategy)::int AS "strategies",
         (SELECT count(*) FROM organization)::int AS "organizations",
         ${most('goal', 'strategy_id')} AS "goalsPerStrategy",
         ${most('focus_area', 'strategy_id')} AS "focusAreasPerStrategy",
         ${most('life_event', 'strategy_id')} AS "lifeEventsPerStrategy",
         ${most('indicator', 'goal_id')} AS "indicatorsPerGoal",
         ${most('goal_assessment', 'goal_id')} AS "assessmentsPerGoal",
         ${most('indicator_value', 'indicator_id')} AS "valuesPerIndicator",
         ${most('initiative_goal', 'initiative_id')} AS "goalsPerInitiative",
         ${most('initiative_life_event', 'initiative_id')} AS "lifeEventsPerInitiative",
         ${most('initiative_partner', 'initiative_id')} AS "partnersPerInitiative",
         (SELECT coalesce(max(jsonb_array_length(contacts)), 0) FROM initiative)::int AS "contactsPerInitiative",
         (SELECT coalesce(max(jsonb_array_length(links)), 0) FROM initiative)::int AS "linksPerInitiative",
         ${most('delivery', 'initiative_id')} AS "deliveriesPerInitiative",
         ${most('status_update', 'initiative_id', "state = 'APPROVED'")} AS "approvedPerInitiative",
         (SELECT coalesce(max(ceil(pairs::numeric / greatest(goals, 1))), 0) FROM (
            SELECT (SELECT count(*) FROM initiative_goal ig JOIN initiative i ON i.id = ig.initiative_id
                    WHERE i.strategy_id = s.id) AS pairs,
                   (SELECT count(*) FROM goal g WHERE g.strategy_id = s.id) AS goals
            FROM strategy s) x)::int AS "overviewInitiativesPerGoal",
         (SELECT count(*) FROM initiative WHERE lifecycle = 'ACTIVE')::int AS "activeInitiatives",
         (SELECT count(*) FROM reporting_round)::int AS "reportingRounds",
         (SELECT count(*) FROM initiative)::int AS "initiatives",
         (SELECT count(*) FROM webhook)::int AS "webhooks"`,
    );
    return row;
  }
}
