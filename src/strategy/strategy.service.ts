import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/index.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/index.js';
import { isUuid, normalizeUuid } from '../common/uuid.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import {
  CreateFocusAreaInput,
  CreateLifeEventInput,
  CreateStrategyInput,
  SLUG_PATTERN,
} from './dto/strategy.inputs.js';
import { FocusArea } from './entities/focus-area.entity.js';
import { LifeEvent } from './entities/life-event.entity.js';
import { Strategy } from './entities/strategy.entity.js';

/** Loads a strategy inside a write, or answers NOT_FOUND naming the field the id came from. */
export async function requireStrategy(manager: EntityManager, id: string, field: string): Promise<Strategy> {
  const strategy = isUuid(id) ? await manager.getRepository(Strategy).findOneBy({ id }) : null;
  if (!strategy) throw new NotFoundError('Strategy', id, field);
  return strategy;
}

/** Strategies, their focus areas and life events. */
@Injectable()
export class StrategyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every strategy, the first created first. */
  list(): Promise<Strategy[]> {
    return this.dataSource.getRepository(Strategy).find({ order: { createdAt: 'ASC', slug: 'ASC' } });
  }

  async bySlug(slug: string): Promise<Strategy | null> {
    if (!SLUG_PATTERN.test(slug) || slug.length > 100) return null;
    return this.dataSource.getRepository(Strategy).findOneBy({ slug });
  }

  async create(viewer: Viewer, input: CreateStrategyInput): Promise<Strategy> {
    if (input.periodEnd < input.periodStart)
      throw BadUserInputError.field('input.periodEnd', 'must not be before periodStart');
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Strategy);
      if (await repo.existsBy({ slug: input.slug }))
        throw new ConflictError('A strategy with this slug exists already', 'input.slug');
      const saved = await repo.save(
        repo.create({
          slug: input.slug,
          title: input.title,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          description: input.description ?? null,
        }),
      );
      await this.audit.record(manager, {
        actor: viewer,
        action: 'strategy.create',
        entityType: 'Strategy',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  async createFocusArea(viewer: Viewer, input: CreateFocusAreaInput): Promise<FocusArea> {
    return this.dataSource.transaction(async (manager) => {
      // The stored ids, not the ones given: an id in upper case names the same record but is not the same key.
      const { id: strategyId } = await requireStrategy(manager, input.strategyId, 'input.strategyId');
      const repo = manager.getRepository(FocusArea);
      if (await repo.existsBy({ strategyId, slug: input.slug })) {
        throw new ConflictError('The strategy has a focus area with this slug already', 'input.slug');
      }
      const saved = await repo.save(
        repo.create({ strategyId, slug: input.slug, title: input.title, description: input.description ?? null }),
      );
      await this.audit.record(manager, {
        actor: viewer,
        action: 'focusArea.create',
        entityType: 'FocusArea',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  async createLifeEvent(viewer: Viewer, input: CreateLifeEventInput): Promise<LifeEvent> {
    return this.dataSource.transaction(async (manager) => {
      const { id: strategyId } = await requireStrategy(manager, input.strategyId, 'input.strategyId');
      const givenMinistryId = input.responsibleMinistryId ?? null;
      const ministryId = givenMinistryId === null ? null : normalizeUuid(givenMinistryId);
      if (
        ministryId !== null &&
        !(isUuid(ministryId) && (await manager.getRepository(Organization).existsBy({ id: ministryId })))
      ) {
        throw new NotFoundError('Organization', givenMinistryId!, 'input.responsibleMinistryId');
      }
      const repo = manager.getRepository(LifeEvent);
      if (await repo.existsBy({ strategyId, slug: input.slug })) {
        throw new ConflictError('The strategy has a life event with this slug already', 'input.slug');
      }
      const saved = await repo.save(
        repo.create({ strategyId, slug: input.slug, title: input.title, responsibleMinistryId: ministryId }),
      );
      await this.audit.record(manager, {
        actor: viewer,
        action: 'lifeEvent.create',
        entityType: 'LifeEvent',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }
}
