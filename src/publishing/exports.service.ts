import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/viewer.js';
import type { LoaderContext } from '../common/context.js';
import type { LoaderRegistry } from '../common/loaders/index.js';
import { nextQuarter } from '../common/quarter.js';
import { InitiativeLifecycle } from '../initiatives/entities/enums.js';
import type { Initiative } from '../initiatives/entities/initiative.entity.js';
import { partnersByInitiative } from '../initiatives/initiative.loaders.js';
import type { Organization } from '../organizations/entities/organization.entity.js';
import { organizationById } from '../organizations/organization.loaders.js';
import type { InitiativeStatus, ReportingRound, StatusOverview } from '../overview/models/overview.model.js';
import { OverviewProjection, OverviewService } from '../overview/overview.service.js';
import type { ReportingRoundRecord } from '../rounds/entities/reporting-round-record.entity.js';
import { lateByPeriod, roundByPeriod } from '../rounds/round.loaders.js';
import { isLate } from '../rounds/round.rules.js';
import type { StatusUpdate } from '../status-updates/entities/status-update.entity.js';
import type { UpdatesPageKey } from '../status-updates/status-update.repository.js';
import { updatesPage } from '../status-updates/status-update.loaders.js';
import { RequestLoaders } from './request-loaders.js';

/** What the status files show of each initiative and its update. */
const STATUS_PROJECTION: OverviewProjection = {
  initiative: new Set(['title', 'executingAgency']),
  update: new Set(['summary', 'publishedAt', 'progressPercent', 'obstacles']),
};

/** What the initiatives file shows of each initiative (its plan data; the status is the overview's). */
const INITIATIVES_PROJECTION: OverviewProjection = {
  initiative: new Set(['title', 'summary', 'startDate', 'plannedEndDate', 'executingAgency']),
  update: new Set([]),
};

/** The round export needs keys and states only: the period's update comes from the reviewer's loader. */
const ROUND_PROJECTION: OverviewProjection = {
  initiative: new Set(['title', 'executingAgency']),
  update: new Set([]),
};

/** One initiative of a file: its standing, the numbers of the goals it is listed under, its agency. */
export interface InitiativeRow {
  standing: InitiativeStatus;
  goalNumbers: number[];
  agency: Organization | null;
}

export interface StatusFile {
  overview: StatusOverview;
  /** Each initiative once, in code order */
  rows: InitiativeRow[];
  /** Each goal's rows, in the overview's order */
  goals: { number: number; title: string; rows: InitiativeRow[] }[];
}

export interface InitiativesFile extends StatusFile {
  ministries: Map<string, Organization | null>;
  partners: Map<string, Organization[]>;
}

/** One expected initiative of a round, with the period's update (any state) if there is one. */
export interface RoundRow extends InitiativeRow {
  update: StatusUpdate | null;
  late: boolean | null;
}

export interface RoundFile {
  period: string;
  round: ReportingRound;
  record: ReportingRoundRecord | null;
  late: number;
  strategyTitle: string;
  goals: { number: number; title: string; rows: RoundRow[] }[];
  rows: RoundRow[];
}

const byCode = new Intl.Collator('nb', { numeric: true }).compare;

/**
 * The data of the exports, read through the overview (the same rows and counts as statusOverview) and
 * the loaders GraphQL uses, each in a fixed number of statements (the round's updates: two per thousand
 * expected initiatives, the loaders' batch size). The files themselves are written by xlsx-files.ts and
 * csv-files.ts from what is read here.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly overviews: OverviewService,
    private readonly requestLoaders: RequestLoaders,
  ) {}

  async statusFile(period: string | null, client?: string): Promise<StatusFile> {
    const loaders = this.requestLoaders.create();
    const overview = await this.overviews.statusOverview(null, period, STATUS_PROJECTION, { loaders, client });
    return fileOf(overview, loaders);
  }

  async initiativesFile(client?: string): Promise<InitiativesFile> {
    const loaders = this.requestLoaders.create();
    const overview = await this.overviews.statusOverview(null, null, INITIATIVES_PROJECTION, { loaders, client });
    const file = fileOf(overview, loaders);
    const initiatives = file.rows.map((row) => row.standing.initiative);
    const ministryIds = [...new Set(initiatives.flatMap((i) => i.responsibleMinistryId ?? []))];
    const [ministries, partners] = await Promise.all([
      Promise.all(ministryIds.map((id) => loaders.load(organizationById, id))),
      Promise.all(initiatives.map((i) => loaders.load(partnersByInitiative, i.id))),
    ]);
    return {
      ...file,
      ministries: new Map(ministryIds.map((id, i) => [id, ministries[i]])),
      partners: new Map(initiatives.map((initiative, i) => [initiative.id, partners[i]])),
    };
  }

  /**
   * The round of a period as the directorate chases it: every expected (ACTIVE) initiative with the
   * period's update in whatever state the reviewer sees, or none; when it was first submitted and whether
   * it is late; and the round's counts.
   */
  async roundFile(period: string, viewer: Viewer, client?: string): Promise<RoundFile> {
    const loaders = this.requestLoaders.create(viewer);
    const [overview, round, record, late] = await Promise.all([
      this.overviews.statusOverview(null, period, ROUND_PROJECTION, { loaders, client }),
      // The counts only: which initiatives are missing is read from the rows below.
      this.overviews.reportingRounds([period], {}, false).then(([counts]) => counts),
      loaders.load(roundByPeriod, period),
      loaders.load(lateByPeriod, period),
    ]);
    const file = fileOf(overview, loaders);
    const expected = file.rows.filter((row) => row.standing.initiative.lifecycle === InitiativeLifecycle.ACTIVE);
    const updates = await Promise.all(
      expected.map((row) => loaders.load(updatesPage, JSON.stringify(updatesKey(row.standing.initiative, period)))),
    );
    const rows = new Map<string, RoundRow>();
    expected.forEach((row, i) => {
      const update = updates[i].rows.find((u) => u.period === period) ?? null;
      const dueDate = record?.dueDate ?? null;
      rows.set(row.standing.initiative.id, {
        ...row,
        update,
        late: isLate(update?.firstSubmittedAt ?? null, dueDate),
      });
    });
    const pick = (list: InitiativeRow[]) => list.flatMap((row) => rows.get(row.standing.initiative.id) ?? []);
    return {
      period,
      round,
      record,
      late,
      strategyTitle: overview.strategy.title,
      goals: file.goals.map((goal) => ({ ...goal, rows: pick(goal.rows) })),
      rows: pick(file.rows),
    };
  }
}

/** The update of the period or the newest before it, as the caller may see them: one per initiative. */
function updatesKey(initiative: Initiative, period: string): UpdatesPageKey {
  return { initiativeId: initiative.id, limit: 1, before: nextQuarter(period) };
}

/** Each initiative of an overview once (with its goals' numbers), and each goal's list. */
function fileOf(overview: StatusOverview, loaders: LoaderRegistry<LoaderContext>): StatusFile {
  const rows = new Map<string, InitiativeRow>();
  const goals = overview.goals.map((goal) => ({
    number: goal.goal.number,
    title: goal.goal.title,
    rows: goal.initiatives.map((standing) => {
      let row = rows.get(standing.initiative.id);
      if (!row) {
        const agency = loaders.peek(organizationById, standing.initiative.executingAgencyId) ?? null;
        row = { standing, goalNumbers: [], agency };
        rows.set(standing.initiative.id, row);
      }
      row.goalNumbers.push(goal.goal.number);
      return row;
    }),
  }));
  const sorted = [...rows.values()].sort((a, b) => byCode(a.standing.initiative.code, b.standing.initiative.code));
  return { overview, rows: sorted, goals };
}
