import { Injectable } from '@nestjs/common';
import type { LoaderContext } from '../common/context.js';
import { NotFoundError } from '../common/errors/index.js';
import type { LoaderRegistry } from '../common/loaders/index.js';
import { assertReportablePeriod, currentQuarter } from '../common/quarter.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Database } from '../database/database.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { organizationById } from '../organizations/organization.loaders.js';
import { OrganizationRepository } from '../organizations/organization.repository.js';
import { Obstacle } from '../status-updates/entities/status-update.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { Strategy } from '../strategy/entities/strategy.entity.js';
import { GoalOverview, InitiativeStatus, ReportingRound, StatusOverview } from './models/overview.model.js';
import { OverviewGate } from './overview.gate.js';
import { ColumnFilter, OverviewCounts, OverviewRepository } from './overview.repository.js';

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
    // StatusUpdate.late (rounds module) is judged by it
    'firstSubmittedAt',
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

/** The columns an overview reads of its initiatives and updates: those always read, and those the query asks for. */
export function overviewColumns(projection: OverviewProjection): Required<ColumnFilter> {
  return {
    initiative: including(ALWAYS_READ.initiative, projection.initiative),
    update: including(ALWAYS_READ.update, projection.update),
  };
}

/** An overview and the counts it was made from, as PostgreSQL computed them (what a published report keeps). */
export interface OverviewSnapshot {
  overview: StatusOverview;
  counts: OverviewCounts | null;
}

/** One initiative's standing under one goal, in the order the goal lists it. */
export interface GoalEntry {
  goalId: string;
  standing: InitiativeStatus;
}

/**
 * The overview object from its counts (for the strategy and per goal id) and each goal's standings in
 * order. Goals without counts count zero; entries of a goal that is not listed are left out.
 */
export function assembleOverview(
  strategy: Strategy,
  goals: Goal[],
  period: string,
  counts: OverviewCounts | null,
  entries: Iterable<GoalEntry>,
): StatusOverview {
  const byGoal = new Map<string, GoalOverview>();
  for (const goal of goals) {
    const own = counts?.goals?.[goal.id];
    byGoal.set(goal.id, {
      goal,
      initiativeCount: own?.initiativeCount ?? 0,
      notReported: own?.notReported ?? 0,
      statusCounts: statusCounts(own),
      initiatives: [],
    });
  }
  for (const { goalId, standing } of entries) byGoal.get(goalId)?.initiatives.push(standing);
  return {
    strategy,
    period,
    initiativeCount: counts?.initiativeCount ?? 0,
    notReported: counts?.notReported ?? 0,
    statusCounts: statusCounts(counts),
    obstacleCounts: OBSTACLES.map((obstacle) => ({ obstacle, count: counts?.obstacles?.[obstacle] ?? 0 })),
    goals: [...byGoal.values()],
    lastPublishedAt: counts?.lastPublishedAt ? new Date(counts.lastPublishedAt) : null,
  };
}

/**
 * The portal's status overview and the directorate's reporting round, each answered with a fixed number of
 * set-based statements whatever the size of the plan (OverviewRepository): the overview takes two, the
 * round two.
 */
@Injectable()
export class OverviewService {
  constructor(
    private readonly db: Database,
    private readonly overviews: OverviewRepository,
    private readonly organizations: OrganizationRepository,
    private readonly gate: OverviewGate,
  ) {}

  /**
   * The overview, built under the gate (shared with identical concurrent requests, fair per client). With
   * `loaders`, the executing agencies it loaded in one batch are primed there, so that the hundreds of
   * `executingAgency` fields answer without a promise each.
   */
  async statusOverview(
    strategySlug: string | null | undefined,
    requestedPeriod: string | null | undefined,
    projection: OverviewProjection = {},
    request: { loaders?: LoaderRegistry<LoaderContext>; client?: string } = {},
  ): Promise<StatusOverview> {
    if (requestedPeriod) assertReportablePeriod(requestedPeriod, new Date(), 'period');
    const withAgencies = !!request.loaders && projection.initiative?.has('executingAgency') !== false;
    const key = this.flightKey('live', strategySlug, requestedPeriod, projection, withAgencies);
    const { overview, agencies } = await this.gate.run(key, request.client ?? 'internal', async () => {
      const { overview: built } = await this.build(strategySlug ?? null, requestedPeriod ?? null, projection);
      return { overview: built, agencies: withAgencies ? await this.agenciesOf(built) : [] };
    });
    for (const agency of agencies) request.loaders!.prime(organizationById, agency.id, agency);
    return overview;
  }

  /**
   * What makes two overview requests the same build (single flight): what they ask for, and the writes this
   * instance has committed or heard of and where the request reads (Database.readPoint), so that a request
   * after a write never gets a build from before it.
   */
  flightKey(
    kind: string,
    strategySlug: string | null | undefined,
    period: string | null | undefined,
    projection: OverviewProjection,
    withAgencies: boolean,
  ): string {
    return JSON.stringify([
      kind,
      strategySlug ?? null,
      period ?? null,
      projection.initiative ? [...projection.initiative].sort() : null,
      projection.update ? [...projection.update].sort() : null,
      withAgencies,
      this.db.readPoint,
    ]);
  }

  /** Every executing agency of an overview, in one statement (the one the field's loader would run). */
  agenciesOf(overview: StatusOverview): Promise<Organization[]> {
    const ids = new Set(overview.goals.flatMap((goal) => goal.initiatives.map((s) => s.initiative.executingAgencyId)));
    return this.organizations.byIds([...ids]);
  }

  /**
   * The overview of `period` for every strategy, oldest strategy first, with the counts it was made from:
   * what closing a round freezes. Reads only keys and states (2 statements per strategy, plus one).
   */
  async snapshots(period: string): Promise<OverviewSnapshot[]> {
    const out: OverviewSnapshot[] = [];
    for (const slug of await this.overviews.strategySlugs()) {
      out.push(await this.build(slug, period, { initiative: new Set(), update: new Set() }));
    }
    return out;
  }

  private async build(
    strategySlug: string | null,
    requestedPeriod: string | null,
    projection: OverviewProjection,
  ): Promise<OverviewSnapshot> {
    const head = await this.overviews.head(strategySlug, !requestedPeriod);
    if (!head)
      throw new NotFoundError('Strategy', strategySlug ?? '(any)', strategySlug != null ? 'strategy' : undefined);
    const period = requestedPeriod ?? head.newestPeriod ?? currentQuarter();
    const { rows, counts } = await this.overviews.standings(head.strategy.id, period, overviewColumns(projection));
    // Rows come in natural code order, so each goal's list keeps it.
    function* entries(): Iterable<GoalEntry> {
      for (const { initiative, update, goalIds } of rows) {
        const standing: InitiativeStatus = {
          initiative,
          update,
          status: update?.status ?? null,
          upToDate: update?.period === period,
        };
        for (const goalId of goalIds) yield { goalId, standing };
      }
    }
    return { overview: assembleOverview(head.strategy, head.goals, period, counts, entries()), counts };
  }

  async reportingRound(period: string, projection: OverviewProjection = {}): Promise<ReportingRound> {
    assertReportablePeriod(period, new Date(), 'period');
    const [round] = await this.reportingRounds([period], projection);
    return round;
  }

  /**
   * The rounds of several periods in the order given, with two statements whatever their number (one
   * without `missing`, for a query that does not ask for it).
   */
  async reportingRounds(
    periods: readonly string[],
    projection: OverviewProjection = {},
    withMissing = true,
  ): Promise<ReportingRound[]> {
    if (periods.length === 0) return [];
    const [counts, missing] = await Promise.all([
      this.overviews.roundCounts(periods),
      withMissing
        ? this.overviews.missing(periods, including(ALWAYS_READ.initiative, projection.initiative))
        : periods.map(() => []),
    ]);
    return periods.map((period, i) => ({ period, ...counts[i], missing: missing[i] }));
  }
}

function statusCounts(counts: OverviewCounts | null | undefined) {
  return STATUSES.map((status) => ({ status, count: counts?.statuses[status] ?? 0 }));
}
