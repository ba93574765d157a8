import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.js';
import { Indicator, IndicatorValue } from './entities/indicator.entity.js';

/** The SQL of key figures and their yearly values. */
@Injectable()
export class IndicatorRepository {
  constructor(private readonly db: Database) {}

  /** Key figures of the goals, in the order they were created (seq). */
  ofGoals(goalIds: readonly string[]): Promise<Indicator[]> {
    return this.db
      .repository(Indicator)
      .createQueryBuilder('i')
      .where('i.goalId IN (:...ids)', { ids: [...goalIds] })
      .orderBy('i.seq', 'ASC')
      .getMany();
  }

  /** The row, locked for the rest of the transaction: values recorded for it at once take turns. */
  lock(id: string): Promise<Indicator | null> {
    return this.db.repository(Indicator).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(values: Partial<Indicator>): Promise<Indicator> {
    const repo = this.db.repository(Indicator);
    return repo.save(repo.create(values));
  }

  /** The indicator changed as a whole (its latest value and trend): a new version. */
  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE indicator SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Values of the indicators, oldest year first. */
  valuesOf(indicatorIds: readonly string[]): Promise<IndicatorValue[]> {
    return this.db
      .repository(IndicatorValue)
      .find({ where: { indicatorId: In([...indicatorIds]) }, order: { year: 'ASC' } });
  }

  value(indicatorId: string, year: number): Promise<IndicatorValue | null> {
    return this.db.repository(IndicatorValue).findOneBy({ indicatorId, year });
  }

  /** Adds the year's value, or replaces it. */
  async putValue(value: IndicatorValue): Promise<void> {
    await this.db.repository(IndicatorValue).upsert(value, ['indicatorId', 'year']);
  }

  newValue(values: Partial<IndicatorValue>): IndicatorValue {
    return this.db.repository(IndicatorValue).create(values);
  }
}
