import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/index.js';
import { assertVersion, BadUserInputError, ConflictError, NotFoundError } from '../common/errors/index.js';
import { isUuid } from '../common/uuid.js';
import type {
  ContactPersonInput,
  CreateInitiativeInput,
  LinkInput,
  UpdateInitiativeInput,
} from './dto/initiative.inputs.js';
import { InitiativeLifecycle } from './entities/enums.js';
import {
  ContactPersonValue,
  Initiative,
  InitiativeGoal,
  InitiativeLifeEvent,
  InitiativePartner,
  LinkValue,
} from './entities/initiative.entity.js';
import { checkReferences, normalizeId, refuseDuplicates } from './initiative-references.js';

/** The id lists of an initiative, kept in link tables. */
interface InitiativeLists {
  goalIds: string[];
  lifeEventIds: string[];
  partnerIds: string[];
}

const contactValues = (contacts: ContactPersonInput[] | null | undefined): ContactPersonValue[] =>
  (contacts ?? []).map((c) => ({ name: c.name, email: c.email ?? null, role: c.role ?? null }));

const linkValues = (links: LinkInput[] | null | undefined): LinkValue[] =>
  (links ?? []).map((l) => ({ title: l.title, url: l.url }));

/** What the audit trail records of an initiative: its columns and its lists, as the API names them. */
export type InitiativeSnapshot = ReturnType<typeof snapshot>;

function snapshot(i: Initiative, lists: InitiativeLists) {
  return {
    strategyId: i.strategyId,
    code: i.code,
    title: i.title,
    summary: i.summary,
    description: i.description,
    // Goals have no order of their own (they are shown by number): compare them as a set.
    goalIds: [...lists.goalIds].sort(),
    focusAreaId: i.focusAreaId,
    lifeEventIds: lists.lifeEventIds,
    responsibleMinistryId: i.responsibleMinistryId,
    executingAgencyId: i.executingAgencyId,
    partnerIds: lists.partnerIds,
    // Rebuilt in one key order: jsonb stores object keys in an order of its own.
    contacts: contactValues(i.contacts),
    startDate: i.startDate,
    plannedEndDate: i.plannedEndDate,
    lifecycle: i.lifecycle,
    links: linkValues(i.links),
  };
}

const ids = (list: string[] | null | undefined): string[] => (list ?? []).map(normalizeId);
const optionalId = (id: string | null | undefined): string | null =>
  id === null || id === undefined ? null : normalizeId(id);

function refuseEndBeforeStart(startDate: string | null, plannedEndDate: string | null): void {
  if (startDate && plannedEndDate && plannedEndDate < startDate) {
    throw BadUserInputError.field('input.plannedEndDate', `must not be before startDate (${startDate})`);
  }
}

/**
 * Changes to the plan's initiatives (ADMIN). Each write is one transaction with one audit event; the row is
 * locked while its version is checked and changed, so a stale expectedVersion never overwrites.
 */
@Injectable()
export class InitiativeWritesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(viewer: Viewer, input: CreateInitiativeInput): Promise<Initiative> {
    const lists: InitiativeLists = {
      goalIds: ids(input.goalIds),
      lifeEventIds: ids(input.lifeEventIds),
      partnerIds: ids(input.partnerIds),
    };
    if (lists.goalIds.length === 0) throw BadUserInputError.field('input.goalIds', 'must name at least one goal');
    refuseDuplicates('input.goalIds', lists.goalIds);
    refuseDuplicates('input.lifeEventIds', lists.lifeEventIds);
    refuseDuplicates('input.partnerIds', lists.partnerIds);
    refuseEndBeforeStart(input.startDate ?? null, input.plannedEndDate ?? null);
    const strategyId = normalizeId(input.strategyId);
    if (!isUuid(strategyId)) throw new NotFoundError('Strategy', input.strategyId, 'input.strategyId');

    return this.dataSource.transaction(async (manager) => {
      await checkReferences(manager, strategyId, {
        strategyId,
        ...lists,
        focusAreaId: optionalId(input.focusAreaId),
        responsibleMinistryId: optionalId(input.responsibleMinistryId),
        executingAgencyId: normalizeId(input.executingAgencyId),
      });
      await this.refuseTakenCode(manager, strategyId, input.code);
      const repo = manager.getRepository(Initiative);
      const saved = await repo.save(
        repo.create({
          strategyId,
          code: input.code,
          title: input.title,
          summary: input.summary,
          description: input.description ?? null,
          focusAreaId: optionalId(input.focusAreaId),
          responsibleMinistryId: optionalId(input.responsibleMinistryId),
          executingAgencyId: normalizeId(input.executingAgencyId),
          startDate: input.startDate ?? null,
          plannedEndDate: input.plannedEndDate ?? null,
          lifecycle: input.lifecycle ?? InitiativeLifecycle.PLANNED,
          links: linkValues(input.links),
          contacts: contactValues(input.contacts),
        }),
      );
      await this.writeLists(manager, saved.id, lists, { goalIds: [], lifeEventIds: [], partnerIds: [] });
      await this.audit.record(manager, {
        actor: viewer,
        action: 'initiative.create',
        entityType: 'Initiative',
        entityId: saved.id,
        after: snapshot(saved, lists),
      });
      return saved;
    });
  }

  /**
   * Fields left out stay; a list given replaces the list. A change that changes nothing writes nothing
   * (no new version, no audit event).
   */
  async update(
    viewer: Viewer,
    id: string,
    input: UpdateInitiativeInput,
    expectedVersion?: number | null,
  ): Promise<Initiative> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Initiative);
      const current = isUuid(id)
        ? await repo.findOne({ where: { id: normalizeId(id) }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!current) throw new NotFoundError('Initiative', id, 'id');
      assertVersion(expectedVersion, current.version, 'Initiative');

      const lists = await this.readLists(manager, current.id);
      const next: InitiativeLists = {
        goalIds: input.goalIds !== undefined ? ids(input.goalIds) : lists.goalIds,
        lifeEventIds: input.lifeEventIds !== undefined ? ids(input.lifeEventIds) : lists.lifeEventIds,
        partnerIds: input.partnerIds !== undefined ? ids(input.partnerIds) : lists.partnerIds,
      };
      if (next.goalIds.length === 0) throw BadUserInputError.field('input.goalIds', 'must name at least one goal');
      refuseDuplicates('input.goalIds', next.goalIds);
      refuseDuplicates('input.lifeEventIds', next.lifeEventIds);
      refuseDuplicates('input.partnerIds', next.partnerIds);

      const changed = repo.create({ ...current });
      if (input.code !== undefined) changed.code = input.code;
      if (input.title !== undefined) changed.title = input.title;
      if (input.summary !== undefined) changed.summary = input.summary;
      if (input.description !== undefined) changed.description = input.description;
      if (input.focusAreaId !== undefined) changed.focusAreaId = optionalId(input.focusAreaId);
      if (input.responsibleMinistryId !== undefined)
        changed.responsibleMinistryId = optionalId(input.responsibleMinistryId);
      if (input.executingAgencyId !== undefined) changed.executingAgencyId = normalizeId(input.executingAgencyId);
      if (input.contacts !== undefined) changed.contacts = contactValues(input.contacts);
      if (input.startDate !== undefined) changed.startDate = input.startDate;
      if (input.plannedEndDate !== undefined) changed.plannedEndDate = input.plannedEndDate;
      if (input.lifecycle !== undefined) changed.lifecycle = input.lifecycle;
      if (input.links !== undefined) changed.links = linkValues(input.links);
      refuseEndBeforeStart(changed.startDate, changed.plannedEndDate);

      await checkReferences(manager, current.strategyId, {
        goalIds: input.goalIds !== undefined ? next.goalIds : undefined,
        focusAreaId: input.focusAreaId !== undefined ? changed.focusAreaId : undefined,
        lifeEventIds: input.lifeEventIds !== undefined ? next.lifeEventIds : undefined,
        responsibleMinistryId: input.responsibleMinistryId !== undefined ? changed.responsibleMinistryId : undefined,
        executingAgencyId: input.executingAgencyId !== undefined ? changed.executingAgencyId : undefined,
        partnerIds: input.partnerIds !== undefined ? next.partnerIds : undefined,
      });
      if (changed.code !== current.code) await this.refuseTakenCode(manager, current.strategyId, changed.code);

      const before = snapshot(current, lists);
      const after = snapshot(changed, next);
      if (JSON.stringify(before) === JSON.stringify(after)) return current;

      await manager
        .createQueryBuilder()
        .update(Initiative)
        .set({
          code: changed.code,
          title: changed.title,
          summary: changed.summary,
          description: changed.description,
          focusAreaId: changed.focusAreaId,
          responsibleMinistryId: changed.responsibleMinistryId,
          executingAgencyId: changed.executingAgencyId,
          contacts: changed.contacts,
          startDate: changed.startDate,
          plannedEndDate: changed.plannedEndDate,
          lifecycle: changed.lifecycle,
          links: changed.links,
          updatedAt: () => 'now()',
          version: () => 'version + 1',
        })
        .where('id = :id', { id: current.id })
        .execute();
      await this.writeLists(manager, current.id, next, lists);
      await this.audit.record(manager, {
        actor: viewer,
        action: 'initiative.update',
        entityType: 'Initiative',
        entityId: current.id,
        before,
        after,
      });
      return repo.findOneByOrFail({ id: current.id });
    });
  }

  /** Checked first for a clear answer; the unique index uq_initiative_strategy_code still decides a race. */
  private async refuseTakenCode(manager: EntityManager, strategyId: string, code: string): Promise<void> {
    if (await manager.getRepository(Initiative).existsBy({ strategyId, code })) {
      throw new ConflictError(`The strategy has an initiative with code ${code} already`, 'input.code');
    }
  }

  private async readLists(manager: EntityManager, initiativeId: string): Promise<InitiativeLists> {
    const goals = await manager
      .getRepository(InitiativeGoal)
      .find({ where: { initiativeId }, order: { goalId: 'ASC' } });
    const lifeEvents = await manager
      .getRepository(InitiativeLifeEvent)
      .find({ where: { initiativeId }, order: { position: 'ASC' } });
    const partners = await manager
      .getRepository(InitiativePartner)
      .find({ where: { initiativeId }, order: { position: 'ASC' } });
    return {
      goalIds: goals.map((g) => g.goalId),
      lifeEventIds: lifeEvents.map((l) => l.lifeEventId),
      partnerIds: partners.map((p) => p.organizationId),
    };
  }

  /** Replaces each list that differs from what is stored. */
  private async writeLists(
    manager: EntityManager,
    initiativeId: string,
    next: InitiativeLists,
    stored: InitiativeLists,
  ): Promise<void> {
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same([...next.goalIds].sort(), [...stored.goalIds].sort())) {
      await manager.delete(InitiativeGoal, { initiativeId });
      if (next.goalIds.length)
        await manager.insert(
          InitiativeGoal,
          next.goalIds.map((goalId) => ({ initiativeId, goalId })),
        );
    }
    if (!same(next.lifeEventIds, stored.lifeEventIds)) {
      await manager.delete(InitiativeLifeEvent, { initiativeId });
      if (next.lifeEventIds.length) {
        await manager.insert(
          InitiativeLifeEvent,
          next.lifeEventIds.map((lifeEventId, position) => ({ initiativeId, lifeEventId, position })),
        );
      }
    }
    if (!same(next.partnerIds, stored.partnerIds)) {
      await manager.delete(InitiativePartner, { initiativeId });
      if (next.partnerIds.length) {
        await manager.insert(
          InitiativePartner,
          next.partnerIds.map((organizationId, position) => ({ initiativeId, organizationId, position })),
        );
      }
    }
  }
}
