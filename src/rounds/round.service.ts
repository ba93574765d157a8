import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/viewer.js';
import { assertVersion, ConflictError, NotFoundError } from '../common/errors/index.js';
import { assertReportablePeriod } from '../common/quarter.js';
import { Database, Transaction } from '../database/database.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import type { OverviewCounts } from '../overview/overview.repository.js';
import { OverviewService } from '../overview/overview.service.js';
import { Obstacle } from '../status-updates/entities/status-update.entity.js';
import { OpenReportingRoundInput } from './dto/round.inputs.js';
import { PublishedReport, PublishedReportEntry } from './entities/published-report.entity.js';
import { ReportingRoundRecord, RoundState } from './entities/reporting-round-record.entity.js';
import { PublishedReportRepository } from './published-report.repository.js';
import { RoundRepository } from './round.repository.js';
import { assertDueDate, assertOpen } from './round.rules.js';

const ENTITY = 'ReportingRound';

/** What the audit trail records of a round. */
function auditView(round: ReportingRoundRecord): Record<string, unknown> {
  return {
    period: round.period,
    state: round.state,
    dueDate: round.dueDate,
    message: round.message,
    openedAt: round.openedAt,
    openedBy: round.openedBy,
    closedAt: round.closedAt,
    closedBy: round.closedBy,
  };
}

/**
 * The round's steps: open, move the due date, close (which freezes the period's published report of every
 * strategy). Each is one transaction that locks the round's row, checks state and version, writes and
 * records an event with entityType ReportingRound and the period as entityId.
 */
@Injectable()
export class RoundService {
  constructor(
    private readonly db: Database,
    private readonly rounds: RoundRepository,
    private readonly reports: PublishedReportRepository,
    private readonly overview: OverviewService,
  ) {}

  /** Opens the period's round; CONFLICT when it was opened before (open or closed). */
  async open(viewer: Viewer, input: OpenReportingRoundInput): Promise<ReportingRoundRecord> {
    assertReportablePeriod(input.period, new Date(), 'input.period');
    assertDueDate(input.period, input.dueDate, 'input.dueDate');
    return this.db.transaction(viewer, async (tx) => {
      const round = await this.rounds.insertOpen({
        period: input.period,
        dueDate: input.dueDate,
        message: input.message ?? null,
        openedBy: viewer.subject,
      });
      // Concurrent opens meet at the primary key: one inserts, the others find it taken.
      if (!round) throw new ConflictError(`The round of ${input.period} was opened already`, 'input.period');
      this.record(tx, 'open', null, round);
      return round;
    });
  }

  /** Moves the due date of an OPEN round; lateness follows the new date. */
  async setDueDate(
    viewer: Viewer,
    period: string,
    dueDate: string,
    expectedVersion?: number | null,
  ): Promise<ReportingRoundRecord> {
    assertReportablePeriod(period, new Date(), 'period');
    assertDueDate(period, dueDate, 'dueDate');
    return this.db.transaction(viewer, async (tx) => {
      const before = await this.lock(period);
      assertOpen(before.state, period, 'given another due date');
      assertVersion(expectedVersion, before.version, ENTITY);
      const after = await this.rounds.update(period, { dueDate });
      this.record(tx, 'setDueDate', before, after);
      return after;
    });
  }

  /**
   * Closes an OPEN round and stores the period's overview of every strategy as its published report,
   * read in this transaction exactly as statusOverview(strategy, period) answers now. closedAt is taken
   * after the reads, so everything the report shows was committed before it.
   */
  async close(viewer: Viewer, period: string, expectedVersion?: number | null): Promise<ReportingRoundRecord> {
    assertReportablePeriod(period, new Date(), 'period');
    return this.db.transaction(viewer, async (tx) => {
      const before = await this.lock(period);
      assertOpen(before.state, period, 'closed');
      assertVersion(expectedVersion, before.version, ENTITY);
      const snapshots = await this.overview.snapshots(period);
      const after = await this.rounds.update(period, { state: RoundState.CLOSED, closedBy: viewer.subject }, [
        'closedAt',
      ]);
      for (const { overview, counts } of snapshots) {
        const report: PublishedReport = {
          period,
          strategyId: overview.strategy.id,
          closedAt: after.closedAt!,
          goalIds: overview.goals.map((g) => g.goal.id),
          counts: counts ?? EMPTY_COUNTS,
        };
        const entries: PublishedReportEntry[] = overview.goals.flatMap((g) =>
          g.initiatives.map((standing, position) => ({
            period,
            strategyId: overview.strategy.id,
            goalId: g.goal.id,
            position,
            initiativeId: standing.initiative.id,
            statusUpdateId: standing.update?.id ?? null,
            status: standing.status,
            upToDate: standing.upToDate,
          })),
        );
        await this.reports.insert(report, entries);
      }
      this.record(tx, 'close', before, after);
      return after;
    });
  }

  /** Every opened round, newest period first. */
  list(): Promise<ReportingRoundRecord[]> {
    return this.rounds.list();
  }

  /** The periods of closed rounds, newest first. */
  publishedPeriods(): Promise<string[]> {
    return this.rounds.closedPeriods();
  }

  /** The round's row locked for the rest of the transaction; NOT_FOUND (naming `period`) when none was opened. */
  private async lock(period: string): Promise<ReportingRoundRecord> {
    const round = await this.rounds.lock(period);
    if (!round) throw new NotFoundError(ENTITY, period, 'period');
    return round;
  }

  private record(
    tx: Transaction,
    step: 'open' | 'setDueDate' | 'close',
    before: ReportingRoundRecord | null,
    after: ReportingRoundRecord,
  ): void {
    // Public: lateness of published updates and the list of published reports follow the round.
    tx.record({
      action: `reportingRound.${step}`,
      entityType: ENTITY,
      entityId: after.period,
      before: before ? auditView(before) : null,
      after: auditView(after),
    });
  }
}

/** The counts of a strategy without initiatives (PostgreSQL computes them from the rows otherwise). */
const EMPTY_COUNTS: OverviewCounts = {
  initiativeCount: 0,
  notReported: 0,
  statuses: Object.fromEntries(Object.values(DeliveryStatus).map((s) => [s, 0])) as OverviewCounts['statuses'],
  obstacles: Object.fromEntries(Object.values(Obstacle).map((o) => [o, 0])) as NonNullable<OverviewCounts['obstacles']>,
  lastPublishedAt: null,
  goals: null,
};
