import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/index.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/index.js';
import { isUuid, normalizeUuid } from '../common/uuid.js';
import { Database } from '../database/database.js';
import { OrganizationRepository } from '../organizations/organization.repository.js';
import {
  CreateFocusAreaInput,
  CreateLifeEventInput,
  CreateStrategyInput,
  SLUG_PATTERN,
} from './dto/strategy.inputs.js';
import { FocusArea } from './entities/focus-area.entity.js';
import { LifeEvent } from './entities/life-event.entity.js';
import { Strategy } from './entities/strategy.entity.js';
import { StrategyRepository } from './strategy.repository.js';

/** Strategies, their focus areas and life events. */
@Injectable()
export class StrategyService {
  constructor(
    private readonly db: Database,
    private readonly strategies: StrategyRepository,
    private readonly organizations: OrganizationRepository,
  ) {}

  list(): Promise<Strategy[]> {
    return this.strategies.list();
  }

  async bySlug(slug: string): Promise<Strategy | null> {
    if (!SLUG_PATTERN.test(slug) || slug.length > 100) return null;
    return this.strategies.bySlug(slug);
  }

  /** The strategy, or NOT_FOUND naming the field the id came from. */
  async require(id: string, field: string): Promise<Strategy> {
    const strategy = isUuid(id) ? await this.strategies.byId(id) : null;
    if (!strategy) throw new NotFoundError('Strategy', id, field);
    return strategy;
  }

  async create(viewer: Viewer, input: CreateStrategyInput): Promise<Strategy> {
    if (input.periodEnd < input.periodStart) {
      throw BadUserInputError.field('input.periodEnd', 'must not be before periodStart');
    }
    return this.db.transaction(viewer, async (tx) => {
      if (await this.strategies.slugTaken(input.slug)) {
        throw new ConflictError('A strategy with this slug exists already', 'input.slug');
      }
      const saved = await this.strategies.saveStrategy({
        slug: input.slug,
        title: input.title,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        description: input.description ?? null,
      });
      tx.record({ action: 'strategy.create', entityType: 'Strategy', entityId: saved.id, after: saved });
      return saved;
    });
  }

  async createFocusArea(viewer: Viewer, input: CreateFocusAreaInput): Promise<FocusArea> {
    return this.db.transaction(viewer, async (tx) => {
      // The stored ids, not the ones given: an id in upper case names the same record but is not the same key.
      const { id: strategyId } = await this.require(input.strategyId, 'input.strategyId');
      if (await this.strategies.focusAreaSlugTaken(strategyId, input.slug)) {
        throw new ConflictError('The strategy has a focus area with this slug already', 'input.slug');
      }
      const saved = await this.strategies.saveFocusArea({
        strategyId,
        slug: input.slug,
        title: input.title,
        description: input.description ?? null,
      });
      tx.record({ action: 'focusArea.create', entityType: 'FocusArea', entityId: saved.id, after: saved });
      return saved;
    });
  }

  async createLifeEvent(viewer: Viewer, input: CreateLifeEventInput): Promise<LifeEvent> {
    return this.db.transaction(viewer, async (tx) => {
      const { id: strategyId } = await this.require(input.strategyId, 'input.strategyId');
      const givenMinistryId = input.responsibleMinistryId ?? null;
      const ministryId = givenMinistryId === null ? null : normalizeUuid(givenMinistryId);
      if (ministryId !== null && !(isUuid(ministryId) && (await this.organizations.exists(ministryId)))) {
        throw new NotFoundError('Organization', givenMinistryId!, 'input.responsibleMinistryId');
      }
      if (await this.strategies.lifeEventSlugTaken(strategyId, input.slug)) {
        throw new ConflictError('The strategy has a life event with this slug already', 'input.slug');
      }
      const saved = await this.strategies.saveLifeEvent({
        strategyId,
        slug: input.slug,
        title: input.title,
        responsibleMinistryId: ministryId,
      });
      tx.record({ action: 'lifeEvent.create', entityType: 'LifeEvent', entityId: saved.id, after: saved });
      return saved;
    });
  }
}
