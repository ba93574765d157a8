import { Injectable } from '@nestjs/common';
import { isAdminOrOwnerOf, type Viewer } from '../auth/index.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../common/errors/index.js';
import { isUuid } from '../common/uuid.js';
import { Database } from '../database/database.js';
import type { DeliveryInput, UpdateDeliveryInput } from './dto/delivery.inputs.js';
import { Delivery } from './entities/delivery.entity.js';
import { DeliveryState } from './entities/enums.js';
import { DeliveryRepository } from './delivery.repository.js';
import { InitiativeRepository } from './initiative.repository.js';

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
export class DeliveryService {
  constructor(
    private readonly db: Database,
    private readonly deliveries: DeliveryRepository,
    private readonly initiatives: InitiativeRepository,
  ) {}

  async add(viewer: Viewer, initiativeId: string, input: DeliveryInput): Promise<Delivery> {
    return this.db.transaction(viewer, async (tx) => {
      const initiative = await this.lockInitiative(initiativeId, 'initiativeId');
      this.requireOwnerOrAdmin(viewer, initiative.agencyOrgNumber);
      const state = input.state ?? DeliveryState.PLANNED;
      const completedOn = input.completedOn ?? null;
      refuseCompletedUnlessDone(state, completedOn);
      const saved = await this.deliveries.save({
        initiativeId: initiative.id,
        title: input.title,
        description: input.description ?? null,
        dueDate: input.dueDate ?? null,
        state,
        completedOn,
      });
      await this.initiatives.touch(initiative.id);
      tx.record({ action: 'delivery.add', entityType: 'Delivery', entityId: saved.id, after: auditView(saved) });
      return saved;
    });
  }

  /** Fields left out stay. A state other than DONE clears completedOn unless the input sets it (refused). */
  async update(viewer: Viewer, id: string, input: UpdateDeliveryInput): Promise<Delivery> {
    return this.db.transaction(viewer, async (tx) => {
      const found = isUuid(id) ? await this.deliveries.byId(id.toLowerCase()) : null;
      if (!found) throw new NotFoundError('Delivery', id, 'id');
      // Lock order: the initiative first, then the delivery (as add does), so concurrent writes never deadlock.
      const initiative = await this.lockInitiative(found.initiativeId, 'id');
      this.requireOwnerOrAdmin(viewer, initiative.agencyOrgNumber);
      const current = await this.deliveries.lock(found.id);
      const before = auditView(current);
      const changed = { ...current };
      if (input.title !== undefined) changed.title = input.title;
      if (input.description !== undefined) changed.description = input.description;
      if (input.dueDate !== undefined) changed.dueDate = input.dueDate;
      if (input.state !== undefined) changed.state = input.state;
      if (input.completedOn !== undefined) changed.completedOn = input.completedOn;
      else if (changed.state !== DeliveryState.DONE) changed.completedOn = null;
      refuseCompletedUnlessDone(changed.state, changed.completedOn);
      if (JSON.stringify(before) === JSON.stringify(auditView(changed))) return current;
      const saved = await this.deliveries.save(changed);
      await this.initiatives.touch(initiative.id);
      tx.record({
        action: 'delivery.update',
        entityType: 'Delivery',
        entityId: saved.id,
        before,
        after: auditView(saved),
      });
      return saved;
    });
  }

  private async lockInitiative(initiativeId: string, field: string): Promise<{ id: string; agencyOrgNumber: string }> {
    const initiative = isUuid(initiativeId) ? await this.initiatives.lockWithAgency(initiativeId.toLowerCase()) : null;
    if (!initiative) throw new NotFoundError('Initiative', initiativeId, field);
    return initiative;
  }

  /** ADMIN may; an OWNER only for the organisation named in the token's org claim. */
  private requireOwnerOrAdmin(viewer: Viewer, agencyOrgNumber: string): void {
    if (isAdminOrOwnerOf(viewer, agencyOrgNumber)) return;
    throw new ForbiddenError("Only ADMIN or an OWNER of the initiative's executing agency may change its deliveries");
  }
}
