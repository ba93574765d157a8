import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/index.js';
import { assertVersion, ConflictError, NotFoundError } from '../common/errors/index.js';
import { ConnectionShape, pageSize, toConnection } from '../common/pagination/index.js';
import { hasNul } from '../common/text.js';
import { isUuid } from '../common/uuid.js';
import { Database } from '../database/database.js';
import { InitiativeOrder } from './dto/initiative-filter.input.js';
import type {
  ContactPersonInput,
  CreateInitiativeInput,
  LinkInput,
  UpdateInitiativeInput,
} from './dto/initiative.inputs.js';
import { DeliveryStatus, InitiativeLifecycle } from './entities/enums.js';
import { ContactPersonValue, Initiative, LinkValue } from './entities/initiative.entity.js';
import { InitiativeListFilter, pageConnection, readCursor } from './initiative-listing.js';
import { InitiativeLists, InitiativeRepository } from './initiative.repository.js';
import {
  checkLists,
  checkReferences,
  InitiativeReferences,
  normalizeId,
  referencedIds,
  refuseEndBeforeStart,
} from './initiative.rules.js';

export interface InitiativePageOptions {
  orderBy?: InitiativeOrder | null;
  /** Defaults to 50; from 0 to 200, otherwise BAD_USER_INPUT naming `first` */
  first?: number | null;
  /** A cursor from a listing in the same order; otherwise BAD_USER_INPUT naming `after` */
  after?: string | null;
}

const contactValues = (contacts: ContactPersonInput[] | null | undefined): ContactPersonValue[] =>
  (contacts ?? []).map((c) => ({ name: c.name, email: c.email ?? null, role: c.role ?? null }));

const linkValues = (links: LinkInput[] | null | undefined): LinkValue[] =>
  (links ?? []).map((l) => ({ title: l.title, url: l.url }));

/** What the audit trail records of an initiative: its columns and its lists, as the API names them. */
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

/**
 * The plan's initiatives: reads by id, by code and the filtered, keyset-paginated listing that other
 * modules reuse (e.g. `myInitiatives` lists by executing agency); and the ADMIN's changes, each one
 * transaction with one audit event, the row locked while its version is checked and changed.
 */
@Injectable()
export class InitiativeService {
  constructor(
    private readonly db: Database,
    private readonly initiatives: InitiativeRepository,
  ) {}

  /** Null for an unknown id, and for anything that is not an id. */
  async byId(id: string): Promise<Initiative | null> {
    return isUuid(id) ? this.initiatives.byId(id) : null;
  }

  /** Null for a slug or code that no record can have (too long, or a NUL character, which PostgreSQL refuses). */
  async byCode(strategySlug: string, code: string): Promise<Initiative | null> {
    if (code.length > 20 || strategySlug.length > 100 || hasNul(code) || hasNul(strategySlug)) return null;
    return this.initiatives.byCode(strategySlug, code);
  }

  /** The organisation number of the initiative's executing agency; null when there is no such initiative. */
  agencyOrgNumber(id: string): Promise<string | null> {
    return this.initiatives.agencyOrgNumber(id);
  }

  /**
   * One page of the initiatives that match `filter`, in `orderBy` order (default CODE), with the total the
   * filter matches. Three statements whatever the page size: the count, the page's keys, the initiatives.
   */
  async list(
    filter: InitiativeListFilter = {},
    options: InitiativePageOptions = {},
  ): Promise<ConnectionShape<Initiative>> {
    const order = options.orderBy ?? InitiativeOrder.CODE;
    const first = pageSize(options.first);
    const cursor = readCursor(options.after, order);
    const page = await this.initiatives.listPage(filter, order, cursor, first + 1);
    if (!page) return toConnection([], first, 0, () => [], !!cursor);
    const byId = new Map((await this.initiatives.byIds(page.rows.map((row) => row.id))).map((i) => [i.id, i]));
    return pageConnection(page.rows, byId, first, page.total, order, !!cursor);
  }

  async create(viewer: Viewer, input: CreateInitiativeInput): Promise<Initiative> {
    const lists: InitiativeLists = {
      goalIds: ids(input.goalIds),
      lifeEventIds: ids(input.lifeEventIds),
      partnerIds: ids(input.partnerIds),
    };
    checkLists(lists);
    refuseEndBeforeStart(input.startDate ?? null, input.plannedEndDate ?? null);
    const strategyId = normalizeId(input.strategyId);
    if (!isUuid(strategyId)) throw new NotFoundError('Strategy', input.strategyId, 'input.strategyId');

    return this.db.transaction(viewer, async (tx) => {
      await this.checkReferences(strategyId, {
        strategyId,
        ...lists,
        focusAreaId: optionalId(input.focusAreaId),
        responsibleMinistryId: optionalId(input.responsibleMinistryId),
        executingAgencyId: normalizeId(input.executingAgencyId),
      });
      await this.refuseTakenCode(strategyId, input.code);
      const saved = await this.initiatives.create({
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
      });
      await this.initiatives.writeLists(saved.id, lists, { goalIds: [], lifeEventIds: [], partnerIds: [] });
      tx.record({
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
    return this.db.transaction(viewer, async (tx) => {
      const current = isUuid(id) ? await this.initiatives.lock(normalizeId(id)) : null;
      if (!current) throw new NotFoundError('Initiative', id, 'id');
      assertVersion(expectedVersion, current.version, 'Initiative');

      const lists = await this.initiatives.readLists(current.id);
      const next: InitiativeLists = {
        goalIds: input.goalIds !== undefined ? ids(input.goalIds) : lists.goalIds,
        lifeEventIds: input.lifeEventIds !== undefined ? ids(input.lifeEventIds) : lists.lifeEventIds,
        partnerIds: input.partnerIds !== undefined ? ids(input.partnerIds) : lists.partnerIds,
      };
      checkLists(next);

      const changed = { ...current };
      if (input.code !== undefined) changed.code = input.code;
      if (input.title !== undefined) changed.title = input.title;
      if (input.summary !== undefined) changed.summary = input.summary;
      if (input.description !== undefined) changed.description = input.description;
      if (input.focusAreaId !== undefined) changed.focusAreaId = optionalId(input.focusAreaId);
      if (input.responsibleMinistryId !== undefined) {
        changed.responsibleMinistryId = optionalId(input.responsibleMinistryId);
      }
      if (input.executingAgencyId !== undefined) changed.executingAgencyId = normalizeId(input.executingAgencyId);
      if (input.contacts !== undefined) changed.contacts = contactValues(input.contacts);
      if (input.startDate !== undefined) changed.startDate = input.startDate;
      if (input.plannedEndDate !== undefined) changed.plannedEndDate = input.plannedEndDate;
      if (input.lifecycle !== undefined) changed.lifecycle = input.lifecycle;
      if (input.links !== undefined) changed.links = linkValues(input.links);
      refuseEndBeforeStart(changed.startDate, changed.plannedEndDate);

      await this.checkReferences(current.strategyId, {
        goalIds: input.goalIds !== undefined ? next.goalIds : undefined,
        focusAreaId: input.focusAreaId !== undefined ? changed.focusAreaId : undefined,
        lifeEventIds: input.lifeEventIds !== undefined ? next.lifeEventIds : undefined,
        responsibleMinistryId: input.responsibleMinistryId !== undefined ? changed.responsibleMinistryId : undefined,
        executingAgencyId: input.executingAgencyId !== undefined ? changed.executingAgencyId : undefined,
        partnerIds: input.partnerIds !== undefined ? next.partnerIds : undefined,
      });
      if (changed.code !== current.code) await this.refuseTakenCode(current.strategyId, changed.code);

      const before = snapshot(current, lists);
      const after = snapshot(changed, next);
      if (JSON.stringify(before) === JSON.stringify(after)) return current;

      const saved = await this.initiatives.update(current.id, {
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
      });
      await this.initiatives.writeLists(current.id, next, lists);
      tx.record({ action: 'initiative.update', entityType: 'Initiative', entityId: current.id, before, after });
      return saved;
    });
  }

  /**
   * An approved update's status becomes the initiative's current status unless a newer quarter is recorded
   * already, and an approved COMPLETED completes the initiative: in the approval's own transaction, so that
   * listing and filtering by status needs no join (DESIGN.md, Architecture).
   */
  async recordApprovedStatus(id: string, status: DeliveryStatus, period: string): Promise<void> {
    const tx = this.db.transactionInProgress;
    if (!tx) throw new Error('recordApprovedStatus runs inside the transaction of the approval');
    await this.initiatives.recordCurrentStatus(id, status, period);
    if (status !== DeliveryStatus.COMPLETED) return;
    const initiative = await this.initiatives.lock(id);
    if (!initiative || initiative.lifecycle === InitiativeLifecycle.COMPLETED) return;
    await this.initiatives.update(id, { lifecycle: InitiativeLifecycle.COMPLETED });
    tx.record({
      action: 'initiative.update',
      entityType: 'Initiative',
      entityId: id,
      before: { lifecycle: initiative.lifecycle },
      after: { lifecycle: InitiativeLifecycle.COMPLETED },
    });
  }

  private async checkReferences(strategyId: string, refs: InitiativeReferences): Promise<void> {
    const wanted = referencedIds(refs);
    const none = Object.values(wanted).every((list) => list.length === 0);
    checkReferences(refs, none ? [] : await this.initiatives.findReferences(wanted), strategyId);
  }

  /** Checked first for a clear answer; the unique index uq_initiative_strategy_code still decides a race. */
  private async refuseTakenCode(strategyId: string, code: string): Promise<void> {
    if (await this.initiatives.codeTaken(strategyId, code)) {
      throw new ConflictError(`The strategy has an initiative with code ${code} already`, 'input.code');
    }
  }
}
