import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.js';
import { FocusArea } from './entities/focus-area.entity.js';
import { LifeEvent } from './entities/life-event.entity.js';
import { Strategy } from './entities/strategy.entity.js';

/** The SQL of strategies, their focus areas and life events. */
@Injectable()
export class StrategyRepository {
  constructor(private readonly db: Database) {}

  /** Every strategy, the first created first. */
  list(): Promise<Strategy[]> {
    return this.db.repository(Strategy).find({ order: { createdAt: 'ASC', slug: 'ASC' } });
  }

  /** Whether any strategy exists at all. */
  async any(): Promise<boolean> {
    return (await this.db.repository(Strategy).count({ take: 1 })) > 0;
  }

  bySlug(slug: string): Promise<Strategy | null> {
    return this.db.repository(Strategy).findOneBy({ slug });
  }

  byId(id: string): Promise<Strategy | null> {
    return this.db.repository(Strategy).findOneBy({ id });
  }

  byIds(ids: readonly string[]): Promise<Strategy[]> {
    return this.db.repository(Strategy).findBy({ id: In([...ids]) });
  }

  slugTaken(slug: string): Promise<boolean> {
    return this.db.repository(Strategy).existsBy({ slug });
  }

  saveStrategy(values: Partial<Strategy>): Promise<Strategy> {
    const repo = this.db.repository(Strategy);
    return repo.save(repo.create(values));
  }

  focusAreasByIds(ids: readonly string[]): Promise<FocusArea[]> {
    return this.db.repository(FocusArea).findBy({ id: In([...ids]) });
  }

  /** Focus areas of the strategies, in the order they were created, then by title. */
  focusAreasOf(strategyIds: readonly string[]): Promise<FocusArea[]> {
    return this.inCreationOrder(FocusArea, strategyIds);
  }

  focusAreaSlugTaken(strategyId: string, slug: string): Promise<boolean> {
    return this.db.repository(FocusArea).existsBy({ strategyId, slug });
  }

  saveFocusArea(values: Partial<FocusArea>): Promise<FocusArea> {
    const repo = this.db.repository(FocusArea);
    return repo.save(repo.create(values));
  }

  lifeEventsByIds(ids: readonly string[]): Promise<LifeEvent[]> {
    return this.db.repository(LifeEvent).findBy({ id: In([...ids]) });
  }

  /** Life events of the strategies, in the order they were created, then by title. */
  lifeEventsOf(strategyIds: readonly string[]): Promise<LifeEvent[]> {
    return this.inCreationOrder(LifeEvent, strategyIds);
  }

  lifeEventSlugTaken(strategyId: string, slug: string): Promise<boolean> {
    return this.db.repository(LifeEvent).existsBy({ strategyId, slug });
  }

  saveLifeEvent(values: Partial<LifeEvent>): Promise<LifeEvent> {
    const repo = this.db.repository(LifeEvent);
    return repo.save(repo.create(values));
  }

  private inCreationOrder<T extends FocusArea | LifeEvent>(
    target: new () => T,
    strategyIds: readonly string[],
  ): Promise<T[]> {
    return this.db
      .repository(target)
      .createQueryBuilder('r')
      .where('r.strategyId IN (:...ids)', { ids: [...strategyIds] })
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.title COLLATE "nb-NO-x-icu"', 'ASC')
      .getMany();
  }
}
