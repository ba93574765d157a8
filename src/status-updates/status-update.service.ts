import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/viewer.js';
import { assertVersion, ConflictError, NotFoundError } from '../common/errors/index.js';
import { isUuid } from '../common/uuid.js';
import { DeliveryStatus, InitiativeLifecycle } from '../initiatives/entities/enums.js';
import { SaveStatusUpdateInput } from './dto/save-status-update.input.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import {
  assertMayReview,
  assertMayWrite,
  assertReportablePeriod,
  distinctObstacles,
  nextState,
  WorkflowStep,
} from './status-update.rules.js';
import { auditView, StatusUpdateRow, toStatusUpdate, updateColumns } from './status-update.rows.js';

const ENTITY = 'StatusUpdate';

/**
 * The quarterly update workflow: save, submit, approve, return. Every step is one transaction that locks
 * the update's row, checks who may do it, the state and the version, writes, and leaves an audit event.
 * Row locks make racing calls take turns, so the second of two racing approvals finds the update APPROVED
 * and gets INVALID_STATE instead of approving it twice.
 */
@Injectable()
export class StatusUpdateService {
  constructor(private readonly audit: AuditService) {}

  /**
   * Creates the DRAFT for (initiative, period), or edits it while DRAFT or RETURNED. Concurrent first saves
   * meet at the unique key: one inserts, the others wait for it and then edit the record it made.
   */
  async save(viewer: Viewer, input: SaveStatusUpdateInput): Promise<StatusUpdate> {
    if (!isUuid(input.initiativeId)) throw new NotFoundError('Initiative', input.initiativeId, 'input.initiativeId');
    assertReportablePeriod(input.period);
    const content = [
      input.status,
      input.progressPercent ?? null,
      input.summary,
      input.achievements ?? null,
      input.nextSteps ?? null,
      input.risks ?? null,
      distinctObstacles(input.obstacles),
      viewer.subject,
      viewer.name ?? null,
    ];

    return this.audit.transaction(async (manager) => {
      const [initiative]: { org_number: string }[] = await manager.query(
        `SELECT o.org_number FROM initiative i JOIN organization o ON o.id = i.executing_agency_id WHERE i.id = $1`,
        [input.initiativeId],
      );
      if (!initiative) throw new NotFoundError('Initiative', input.initiativeId, 'input.initiativeId');
      assertMayWrite(viewer, initiative.org_number);

      const inserted: StatusUpdateRow[] = await manager.query(
        `INSERT INTO status_update (initiative_id, period, status, progress_percent, summary, achievements, next_steps, risks,
                                    obstacles, author_subject, author_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (initiative_id, period) DO NOTHING
         RETURNING ${updateColumns('status_update')}`,
        [input.initiativeId, input.period, ...content],
      );
      if (inserted.length > 0) {
        if (input.expectedVersion !== undefined && input.expectedVersion !== null) {
          // The caller expected an existing record; rolling back writes nothing.
          throw new ConflictError(
            `There is no update of this initiative for ${input.period} yet; save it without expectedVersion`,
            'input.expectedVersion',
          );
        }
        const created = toStatusUpdate(inserted[0]);
        await this.record(manager, viewer, 'save', null, created);
        return created;
      }

      const [row]: StatusUpdateRow[] = await manager.query(
        `SELECT ${updateColumns('su')} FROM status_update su WHERE su.initiative_id = $1 AND su.period = $2 FOR UPDATE`,
        [input.initiativeId, input.period],
      );
      if (!row) throw new ConflictError('A concurrent change got there first; try again');
      const before = toStatusUpdate(row);
      const state = nextState(before.state, 'save');
      assertVersion(input.expectedVersion, before.version, ENTITY);
      const [updated] = returnedRows<StatusUpdateRow>(
        await manager.query(
          `UPDATE status_update su
           SET status = $2, progress_percent = $3, summary = $4, achievements = $5, next_steps = $6, risks = $7, obstacles = $8,
               author_subject = $9, author_name = $10, state = $11, version = su.version + 1, updated_at = now()
           WHERE su.id = $1
           RETURNING ${updateColumns('su')}`,
          [before.id, ...content, state],
        ),
      );
      const after = toStatusUpdate(updated);
      await this.record(manager, viewer, 'save', before, after);
      return after;
    });
  }

  /** DRAFT -> SUBMITTED, by the same callers as save. */
  async submit(viewer: Viewer, id: string, expectedVersion?: number | null): Promise<StatusUpdate> {
    return this.audit.transaction(async (manager) => {
      const { update: before, agencyOrgNumber } = await this.lock(manager, id);
      assertMayWrite(viewer, agencyOrgNumber);
      const state = nextState(before.state, 'submit');
      assertVersion(expectedVersion, before.version, ENTITY);
      const after = await this.write(manager, before.id, `state = $2, submitted_at = now()`, [state]);
      await this.record(manager, viewer, 'submit', before, after);
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
    return this.audit.transaction(async (manager) => {
      const { update: before } = await this.lock(manager, id);
      assertMayReview(viewer, before.authorSubject);
      const state = nextState(before.state, 'approve');
      assertVersion(expectedVersion, before.version, ENTITY);
      const after = await this.write(
        manager,
        before.id,
        `state = $2, reviewed_at = now(), published_at = now(), reviewer_subject = $3, review_comment = $4`,
        [state, viewer.subject, comment ?? null],
      );
      await this.record(manager, viewer, 'approve', before, after);
      await this.recordOnInitiative(manager, viewer, after);
      return after;
    });
  }

  /** SUBMITTED -> RETURNED, with the comment that says what to fix. */
  async return(viewer: Viewer, id: string, comment: string, expectedVersion?: number | null): Promise<StatusUpdate> {
    return this.audit.transaction(async (manager) => {
      const { update: before } = await this.lock(manager, id);
      assertMayReview(viewer, before.authorSubject);
      const state = nextState(before.state, 'return');
      assertVersion(expectedVersion, before.version, ENTITY);
      const after = await this.write(
        manager,
        before.id,
        `state = $2, reviewed_at = now(), reviewer_subject = $3, review_comment = $4`,
        [state, viewer.subject, comment],
      );
      await this.record(manager, viewer, 'return', before, after);
      return after;
    });
  }

  /** Locks the update's row for the rest of the transaction; NOT_FOUND (naming `id`) when there is none. */
  private async lock(manager: EntityManager, id: string): Promise<{ update: StatusUpdate; agencyOrgNumber: string }> {
    if (!isUuid(id)) throw new NotFoundError(ENTITY, id, 'id');
    const [row]: (StatusUpdateRow & { agency_org_number: string })[] = await manager.query(
      `SELECT ${updateColumns('su')}, o.org_number AS agency_org_number
       FROM status_update su
       JOIN initiative i ON i.id = su.initiative_id
       JOIN organization o ON o.id = i.executing_agency_id
       WHERE su.id = $1
       FOR UPDATE OF su`,
      [id],
    );
    if (!row) throw new NotFoundError(ENTITY, id, 'id');
    return { update: toStatusUpdate(row), agencyOrgNumber: row.agency_org_number };
  }

  /** Applies `assignments` (parameters from $2) to the locked row, with a new version. */
  private async write(
    manager: EntityManager,
    id: string,
    assignments: string,
    params: unknown[],
  ): Promise<StatusUpdate> {
    const [row] = returnedRows<StatusUpdateRow>(
      await manager.query(
        `UPDATE status_update su SET ${assignments}, version = su.version + 1, updated_at = now()
         WHERE su.id = $1 RETURNING ${updateColumns('su')}`,
        [id, ...params],
      ),
    );
    return toStatusUpdate(row);
  }

  /**
   * The initiative's current status is the approved status of its newest approved quarter: an approval of
   * an older quarter leaves a newer one in place (the WHERE re-checks against the latest row under lock).
   */
  private async recordOnInitiative(manager: EntityManager, viewer: Viewer, update: StatusUpdate): Promise<void> {
    await manager.query(
      `UPDATE initiative SET current_status = $2, current_status_period = $3
       WHERE id = $1 AND (current_status_period IS NULL OR current_status_period <= $3)`,
      [update.initiativeId, update.status, update.period],
    );
    if (update.status !== DeliveryStatus.COMPLETED) return;
    const [initiative]: { lifecycle: InitiativeLifecycle }[] = await manager.query(
      `SELECT lifecycle FROM initiative WHERE id = $1 FOR UPDATE`,
      [update.initiativeId],
    );
    if (!initiative || initiative.lifecycle === InitiativeLifecycle.COMPLETED) return;
    await manager.query(
      `UPDATE initiative SET lifecycle = $2, version = version + 1, updated_at = now() WHERE id = $1`,
      [update.initiativeId, InitiativeLifecycle.COMPLETED],
    );
    await this.audit.record(manager, {
      actor: viewer,
      action: 'initiative.update',
      entityType: 'Initiative',
      entityId: update.initiativeId,
      before: { lifecycle: initiative.lifecycle },
      after: { lifecycle: InitiativeLifecycle.COMPLETED },
    });
  }

  private record(
    manager: EntityManager,
    viewer: Viewer,
    step: WorkflowStep,
    before: StatusUpdate | null,
    after: StatusUpdate,
  ): Promise<void> {
    return this.audit.record(manager, {
      actor: viewer,
      action: `statusUpdate.${step}`,
      entityType: ENTITY,
      entityId: after.id,
      before: before ? auditView(before) : null,
      after: auditView(after),
    });
  }
}

/** TypeORM answers an UPDATE ... RETURNING on PostgreSQL with [rows, count], an INSERT with the rows. */
function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}
