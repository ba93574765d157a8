import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isAdminOrOwnerOf, type Viewer } from '../auth/index.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../common/errors/index.js';
import { isUuid } from '../common/uuid.js';
import type { DeliveryInput, UpdateDeliveryInput } from './dto/delivery.inputs.js';
import { Delivery } from './entities/delivery.entity.js';
import { DeliveryState } from './entities/enums.js';

const auditView = (d: Delivery) => ({
  initiativeId: d.initiativeId,
  title: d.title,
  description: d.description,
  dueDate: d.dueDate,
  state: d.state,
  completedOn: d.completedOn,
});

function refuseCompletedUnlessDone(state: DeliveryState, completedOn: string | null): void {
  if (completedOn !== null && state !== DeliveryState.DONE) {
    throw BadUserInputError.field('input.completedOn', 'only a delivery in state DONE has a completion date');
  }
}

/**
 * Deliveries of an initiative: ADMIN, or an OWNER of the initiative's executing agency. A change to a
 * delivery also marks the initiative as changed (updatedAt), without a new initiative version: the
 * deliveries are edited by the owners alongside the directorate's edits of the initiative itself, and
 * neither should make the other's expectedVersion stale.
 */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async add(viewer: Viewer, initiativeId: string, input: DeliveryInput): Promise<Delivery> {
    return this.dataSource.transaction(async (manager) => {
      const initiative = await this.lockInitiative(manager, initiativeId, 'initiativeId');
      this.requireOwnerOrAdmin(viewer, initiative.agencyOrgNumber);
      const state = input.state ?? DeliveryState.PLANNED;
      const completedOn = input.completedOn ?? null;
      refuseCompletedUnlessDone(state, completedOn);
      const repo = manager.getRepository(Delivery);
      const saved = await repo.save(
        repo.create({
          initiativeId: initiative.id,
          title: input.title,
          description: input.description ?? null,
          dueDate: input.dueDate ?? null,
          state,
          completedOn,
        }),
      );
      await this.touchInitiative(manager, initiative.id);
      await this.audit.record(manager, {
        actor: viewer,
        action: 'delivery.add',
        entityType: 'Delivery',
        entityId: saved.id,
        after: auditView(saved),
      });
      return saved;
    });
  }

  /** Fields left out stay. A state other than DONE clears completedOn unless the input sets it (refused). */
  async update(viewer: Viewer, id: string, input: UpdateDeliveryInput): Promise<Delivery> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Delivery);
      const found = isUuid(id) ? await repo.findOneBy({ id: id.toLowerCase() }) : null;
      if (!found) throw new NotFoundError('Delivery', id, 'id');
      // Lock order: the initiative first, then the delivery (as add does), so concurrent writes never deadlock.
      const initiative = await this.lockInitiative(manager, found.initiativeId, 'id');
      this.requireOwnerOrAdmin(viewer, initiative.agencyOrgNumber);
      const current = await repo.findOneOrFail({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      const before = auditView(current);
      const changed = repo.create({ ...current });
      if (input.title !== undefined) changed.title = input.title;
      if (input.description !== undefined) changed.description = input.description;
      if (input.dueDate !== undefined) changed.dueDate = input.dueDate;
      if (input.state !== undefined) changed.state = input.state;
      if (input.completedOn !== undefined) changed.completedOn = input.completedOn;
      else if (changed.state !== DeliveryState.DONE) changed.completedOn = null;
      refuseCompletedUnlessDone(changed.state, changed.completedOn);
      if (JSON.stringify(before) === JSON.stringify(auditView(changed))) return current;
      const saved = await repo.save(changed);
      await this.touchInitiative(manager, initiative.id);
      await this.audit.record(manager, {
        actor: viewer,
        action: 'delivery.update',
        entityType: 'Delivery',
        entityId: saved.id,
        before,
        after: auditView(saved),
      });
      return saved;
    });
  }

  /** The initiative, locked for the rest of the transaction, with its executing agency's organisation number. */
  private async lockInitiative(
    manager: EntityManager,
    initiativeId: string,
    field: string,
  ): Promise<{ id: string; agencyOrgNumber: string }> {
    const rows: { id: string; org_number: string }[] = isUuid(initiativeId)
      ? await manager.query(
          `SELECT i.id::text AS id, o.org_number FROM initiative i JOIN organization o ON o.id = i.executing_agency_id
           WHERE i.id = $1 FOR UPDATE OF i`,
          [initiativeId.toLowerCase()],
        )
      : [];
    if (!rows.length) throw new NotFoundError('Initiative', initiativeId, field);
    return { id: rows[0].id, agencyOrgNumber: rows[0].org_number };
  }

  /** ADMIN may; an OWNER only for the organisation named in the token's org claim. */
  private requireOwnerOrAdmin(viewer: Viewer, agencyOrgNumber: string): void {
    if (isAdminOrOwnerOf(viewer, agencyOrgNumber)) return;
    throw new ForbiddenError("Only ADMIN or an OWNER of the initiative's executing agency may change its deliveries");
  }

  private async touchInitiative(manager: EntityManager, initiativeId: string): Promise<void> {
    await manager.query(`UPDATE initiative SET updated_at = now() WHERE id = $1`, [initiativeId]);
  }
}
