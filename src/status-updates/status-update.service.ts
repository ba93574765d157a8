import { Injectable } from '@nestjs/common';
import { isStaff, type Viewer } from '../auth/viewer.js';
import { assertVersion, BadUserInputError, ConflictError, NotFoundError } from '../common/errors/index.js';
import { ConnectionShape, decodeCursor, pageSize, timedPage, toConnection } from '../common/pagination/index.js';
import { assertReportablePeriod, isQuarter } from '../common/quarter.js';
import { isUuid } from '../common/uuid.js';
import { Database, Transaction } from '../database/database.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { InitiativeService } from '../initiatives/initiative.service.js';
import { OrganizationService } from '../organizations/organization.service.js';
import { SaveStatusUpdateInput } from './dto/save-status-update.input.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import { StatusUpdateContent, StatusUpdateRepository, UpdatesPageKey } from './status-update.repository.js';
import {
  assertMayReview,
  assertMayWrite,
  distinctObstacles,
  nextState,
  visibilityFor,
  WorkflowStep,
} from './status-update.rules.js';

const ENTITY = 'StatusUpdate';

/** What the audit trail records of an update: its content and workflow fields, not bookkeeping. */
function auditView(update: StatusUpdate): Record<string, unknown> {
  return {
    initiativeId: update.initiativeId,
    period: update.period,
    status: update.status,
    progressPercent: update.progressPercent,
    summary: update.summary,
    achievements: update.achievements,
    nextSteps: update.nextSteps,
    risks: update.risks,
    obstacles: update.obstacles,
    state: update.state,
    authorSubject: update.authorSubject,
    authorName: update.authorName,
    submittedAt: update.submittedAt,
    firstSubmittedAt: update.firstSubmittedAt,
    reviewedAt: update.reviewedAt,
    reviewerSubject: update.reviewerSubject,
    reviewComment: update.reviewComment,
    publishedAt: update.publishedAt,
  };
}

/**
 * The quarterly update workflow (save, submit, withdraw, approve, return) and its reads. Every step is one
 * transaction that locks the update's row, checks who may do it, the state and the version, writes, and
 * records what it did. Row locks make racing calls take turns, so the second of two racing approvals finds
 * the update APPROVED and gets INVALID_STATE instead of approving it twice.
 */
@Injectable()
export class StatusUpdateService {
  constructor(
    private readonly db: Database,
    private readonly updates: StatusUpdateRepository,
    private readonly initiatives: InitiativeService,
    private readonly organizations: OrganizationService,
  ) {}

  /**
   * Creates the DRAFT for (initiative, period), or edits it while DRAFT or RETURNED. Concurrent first saves
   * meet at the unique key: one inserts, the others wait for it and then edit the record it made.
   */
  async save(viewer: Viewer, input: SaveStatusUpdateInput): Promise<StatusUpdate> {
    if (!isUuid(input.initiativeId)) throw new NotFoundError('Initiative', input.initiativeId, 'input.initiativeId');
    assertReportablePeriod(input.period);
    const content: StatusUpdateContent = {
      status: input.status,
      progressPercent: input.progressPercent ?? null,
      summary: input.summary,
      achievements: input.achievements ?? null,
      nextSteps: input.nextSteps ?? null,
      risks: input.risks ?? null,
      obstacles: distinctObstacles(input.obstacles),
      authorSubject: viewer.subject,
      authorName: viewer.name ?? null,
    };

    return this.db.transaction(viewer, async (tx) => {
      const agencyOrgNumber = await this.initiatives.agencyOrgNumber(input.initiativeId);
      if (agencyOrgNumber === null) throw new NotFoundError('Initiative', input.initiativeId, 'input.initiativeId');
      assertMayWrite(viewer, agencyOrgNumber);

      const created = await this.updates.insertDraft(input.initiativeId, input.period, content);
      if (created) {
        if (input.expectedVersion !== undefined && input.expectedVersion !== null) {
          // The caller expected an existing record; rolling back writes nothing.
          throw new ConflictError(
            `There is no update of this initiative for ${input.period} yet; save it without expectedVersion`,
            'input.expectedVersion',
          );
        }
        await this.updates.recordAuthor(created.id, viewer, 'save');
        this.record(tx, 'save', null, created);
        return created;
      }

      const before = await this.updates.lockByPeriod(input.initiativeId, input.period);
      if (!before) throw new ConflictError('A concurrent change got there first; try again');
      const state = nextState(before.state, 'save');
      assertVersion(input.expectedVersion, before.version, ENTITY);
      const after = await this.updates.update(before.id, { ...content, state });
      await this.updates.recordAuthor(after.id, viewer, 'save');
      this.record(tx, 'save', before, after);
      return after;
    });
  }

  /** DRAFT -> SUBMITTED, by the same callers as save. */
  async submit(viewer: Viewer, id: string, expectedVersion?: number | null): Promise<StatusUpdate> {
    return this.db.transaction(viewer, async (tx) => {
      const { update: before, agencyOrgNumber } = await this.lock(id);
      assertMayWrite(viewer, agencyOrgNumber);
      const state = nextState(before.state, 'submit');
      assertVersion(expectedVersion, before.version, ENTITY);
      // The first submission is kept for good: lateness is judged by it, whatever happens later.
      const after = await this.updates.update(
        before.id,
        { state },
        before.firstSubmittedAt ? ['submittedAt'] : ['submittedAt', 'firstSubmittedAt'],
      );
      await this.updates.recordAuthor(after.id, viewer, 'submit');
      this.record(tx, 'submit', before, after);
      return after;
    });
  }

  /**
   * SUBMITTED -> DRAFT before anyone reviewed it, by the same callers as save. Withdrawing is no authorship:
   * the caller is not recorded as an author (four eyes), and firstSubmittedAt stays.
   */
  async withdraw(viewer: Viewer, id: string, expectedVersion?: number | null): Promise<StatusUpdate> {
    return this.db.transaction(viewer, async (tx) => {
      const { update: before, agencyOrgNumber } = await this.lock(id);
      assertMayWrite(viewer, agencyOrgNumber);
      const state = nextState(before.state, 'withdraw');
      assertVersion(expectedVersion, before.version, ENTITY);
      const after = await this.updates.update(before.id, { state });
      this.record(tx, 'withdraw', before, after);
      return after;
    });
  }

  /**
   * SUBMITTED -> APPROVED, published. Records the initiative's current status unless a newer quarter is
   * recorded already, and a COMPLETED status completes the initiative, all in the same transaction.
   */
  async approve(
    viewer: Viewer,
    id: string,
    comment?: string | null,
    expectedVersion?: number | null,
  ): Promise<StatusUpdate> {
    return this.db.transaction(viewer, async (tx) => {
      const { update: before } = await this.lock(id);
      assertMayReview(viewer, await this.updates.authorSubjects(before.id));
      const state = nextState(before.state, 'approve');
      assertVersion(expectedVersion, before.version, ENTITY);
      const after = await this.updates.update(
        before.id,
        { state, reviewerSubject: viewer.subject, reviewComment: comment ?? null },
        ['reviewedAt', 'publishedAt'],
      );
      this.record(tx, 'approve', before, after);
      await this.initiatives.recordApprovedStatus(after.initiativeId, after.status, after.period);
      return after;
    });
  }

  /** SUBMITTED -> RETURNED, with the comment that says what to fix. */
  async return(viewer: Viewer, id: string, comment: string, expectedVersion?: number | null): Promise<StatusUpdate> {
    return this.db.transaction(viewer, async (tx) => {
      const { update: before } = await this.lock(id);
      assertMayReview(viewer, await this.updates.authorSubjects(before.id));
      const state = nextState(before.state, 'return');
      assertVersion(expectedVersion, before.version, ENTITY);
      const after = await this.updates.update(
        before.id,
        { state, reviewerSubject: viewer.subject, reviewComment: comment },
        ['reviewedAt'],
      );
      this.record(tx, 'return', before, after);
      return after;
    });
  }

  /** The update, or null when there is none or the caller may not see it (a hidden update is absent). */
  async findVisible(viewer: Viewer | null, id: string): Promise<StatusUpdate | null> {
    return isUuid(id) ? this.updates.findVisible(id, visibilityFor(viewer)) : null;
  }

  /**
   * The initiatives a caller reports on or reviews: an OWNER's organisation's (by the token's org claim),
   * every initiative for REVIEWER and ADMIN. In code order, paged like the initiatives listing.
   */
  async myInitiatives(
    viewer: Viewer,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<ConnectionShape<Initiative>> {
    if (isStaff(viewer)) return this.initiatives.list({}, { first, after });
    const organization = viewer.orgNumber ? await this.organizations.byOrgNumber(viewer.orgNumber) : null;
    // No organisation of this number in the plan: nothing to report on.
    if (!organization) return toConnection([], pageSize(first), 0, () => [], !!after);
    return this.initiatives.list({ organizationId: organization.id }, { first, after });
  }

  /**
   * SUBMITTED updates, oldest submission first, optionally of one period. The cursor is the submission
   * time as PostgreSQL writes it (microseconds, which a JavaScript Date would lose) and the id.
   */
  async reviewQueue(
    period: string | null | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<ConnectionShape<StatusUpdate>> {
    return timedPage(first, after, (cursor, limit) => this.updates.reviewQueue(period ?? null, cursor, limit));
  }

  /** The loader key of one page of an initiative's updates; BAD_USER_INPUT for a cursor of another list. */
  updatesPageKey(initiativeId: string, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1);
    if (cursor && (typeof cursor[0] !== 'string' || !isQuarter(cursor[0]))) {
      throw BadUserInputError.field('after', 'is not a cursor from this list');
    }
    const key: UpdatesPageKey = { initiativeId, limit: size + 1, before: (cursor?.[0] as string | undefined) ?? null };
    return { key: JSON.stringify(key), size, hasPreviousPage: !!cursor };
  }

  /** Locks the update's row for the rest of the transaction; NOT_FOUND (naming `id`) when there is none. */
  private async lock(id: string): Promise<{ update: StatusUpdate; agencyOrgNumber: string }> {
    const found = isUuid(id) ? await this.updates.lockWithAgency(id) : null;
    if (!found) throw new NotFoundError(ENTITY, id, 'id');
    return found;
  }

  private record(tx: Transaction, step: WorkflowStep, before: StatusUpdate | null, after: StatusUpdate): void {
    tx.record({
      action: `statusUpdate.${step}`,
      entityType: ENTITY,
      entityId: after.id,
      before: before ? auditView(before) : null,
      after: auditView(after),
      // Only an approval changes what anonymous callers see (a published update).
      public: step === 'approve',
    });
  }
}
