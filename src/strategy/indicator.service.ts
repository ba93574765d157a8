import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/index.js';
import { BadUserInputError, NotFoundError } from '../common/errors/index.js';
import { isUuid } from '../common/uuid.js';
import { Database } from '../database/database.js';
import { CreateIndicatorInput, RecordIndicatorValueInput } from './dto/indicator.inputs.js';
import { Indicator, IndicatorUnit, IndicatorValue, Preference } from './entities/indicator.entity.js';
import { GoalService } from './goal.service.js';
import { IndicatorRepository } from './indicator.repository.js';

/** Key figures (nøkkeltall) and their yearly values. */
@Injectable()
export class IndicatorService {
  constructor(
    private readonly db: Database,
    private readonly indicators: IndicatorRepository,
    private readonly goals: GoalService,
  ) {}

  async create(viewer: Viewer, input: CreateIndicatorInput): Promise<Indicator> {
    const rank = input.unit === IndicatorUnit.RANK;
    // A lower place number is always the better standing, whatever the caller sent.
    const betterWhen = rank ? Preference.LOWER : input.betterWhen;
    if (!betterWhen)
      throw BadUserInputError.field('input.betterWhen', 'is required for PERCENT and NUMBER: HIGHER or LOWER');
    const rankOutOf = input.rankOutOf ?? null;
    if (rankOutOf !== null && !rank) throw BadUserInputError.field('input.rankOutOf', 'is only for RANK indicators');
    if (rankOutOf !== null && !(Number.isInteger(rankOutOf) && rankOutOf > 0)) {
      throw BadUserInputError.field('input.rankOutOf', 'must be a positive number');
    }
    return this.db.transaction(viewer, async (tx) => {
      // The stored id, not the one given: an id in upper case names the same goal but is not the same key.
      const { id: goalId } = await this.goals.require(input.goalId, 'input.goalId');
      const saved = await this.indicators.save({
        goalId,
        name: input.name,
        unit: input.unit,
        betterWhen,
        rankOutOf,
        source: input.source,
      });
      tx.record({ action: 'indicator.create', entityType: 'Indicator', entityId: saved.id, after: saved });
      return saved;
    });
  }

  /** Adds the indicator's value of the year, or replaces it. */
  async recordValue(viewer: Viewer, input: RecordIndicatorValueInput): Promise<Indicator> {
    if (!Number.isFinite(input.value)) throw BadUserInputError.field('input.value', 'must be a finite number');
    return this.db.transaction(viewer, async (tx) => {
      const indicator = isUuid(input.indicatorId) ? await this.indicators.lock(input.indicatorId) : null;
      if (!indicator) throw new NotFoundError('Indicator', input.indicatorId, 'input.indicatorId');
      assertValueFitsUnit(indicator, input.value);
      const existing = await this.indicators.value(indicator.id, input.year);
      const value = this.indicators.newValue({
        indicatorId: indicator.id,
        year: input.year,
        value: input.value,
        note: input.note ?? null,
      });
      await this.indicators.putValue(value);
      await this.indicators.touch(indicator.id);
      tx.record({
        action: 'indicator.recordValue',
        entityType: 'Indicator',
        entityId: indicator.id,
        // Nested, so that the year shows in the event even when only the value changed.
        before: existing ? { value: pick(existing) } : null,
        after: { value: pick(value) },
      });
      indicator.version += 1;
      return indicator;
    });
  }
}

/** Beyond this a NUMBER is a typo, not a key figure of the public sector (it also keeps trends exact). */
const NUMBER_LIMIT = 1e12;

/** A share is 0–100, a place in a ranking is a whole number from 1 (to rankOutOf when known). */
export function assertValueFitsUnit(indicator: Pick<Indicator, 'unit' | 'rankOutOf'>, value: number): void {
  const refuse = (message: string) => {
    throw BadUserInputError.field('input.value', message);
  };
  if (indicator.unit === IndicatorUnit.PERCENT && (value < 0 || value > 100))
    refuse('must be from 0 to 100 for a PERCENT indicator');
  if (indicator.unit === IndicatorUnit.RANK) {
    if (!Number.isInteger(value) || value < 1) refuse('must be a whole place number from 1 for a RANK indicator');
    if (indicator.rankOutOf !== null && value > indicator.rankOutOf)
      refuse(`must be at most ${indicator.rankOutOf}, the number ranked`);
  }
  if (Math.abs(value) > NUMBER_LIMIT) refuse(`must be between -${NUMBER_LIMIT} and ${NUMBER_LIMIT}`);
}

function pick(value: IndicatorValue): { year: number; value: number; note: string | null } {
  return { year: value.year, value: value.value, note: value.note };
}
