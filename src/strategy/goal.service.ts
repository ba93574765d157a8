import { Injectable } from '@nestjs/common';
import type { Viewer } from '../auth/index.js';
import { ConflictError, NotFoundError } from '../common/errors/index.js';
import { isUuid } from '../common/uuid.js';
import { Database } from '../database/database.js';
import { CreateGoalInput, SetGoalAssessmentInput, UpdateGoalInput } from './dto/goal.inputs.js';
import { GoalAssessment } from './entities/goal-assessment.entity.js';
import { Goal } from './entities/goal.entity.js';
import { GoalRepository } from './goal.repository.js';
import { StrategyService } from './strategy.service.js';

/** Goals and their yearly assessments. */
@Injectable()
export class GoalService {
  constructor(
    private readonly db: Database,
    private readonly goals: GoalRepository,
    private readonly strategies: StrategyService,
  ) {}

  async byId(id: string): Promise<Goal | null> {
    return isUuid(id) ? this.goals.byId(id) : null;
  }

  /** The goal (locked against concurrent changes when asked), or NOT_FOUND naming the field. */
  async require(id: string, field: string, lock = false): Promise<Goal> {
    const goal = isUuid(id) ? await this.goals.byId(id, { lock }) : null;
    if (!goal) throw new NotFoundError('Goal', id, field);
    return goal;
  }

  async create(viewer: Viewer, input: CreateGoalInput): Promise<Goal> {
    return this.db.transaction(viewer, async (tx) => {
      // The stored id, not the one given: an id in upper case names the same record but is not the same key.
      const { id: strategyId } = await this.strategies.require(input.strategyId, 'input.strategyId');
      if (await this.goals.numberTaken(strategyId, input.number)) {
        throw new ConflictError('The strategy has a goal with this number already', 'input.number');
      }
      const saved = await this.goals.save({
        strategyId,
        number: input.number,
        title: input.title,
        description: input.description ?? null,
      });
      tx.record({ action: 'goal.create', entityType: 'Goal', entityId: saved.id, after: saved });
      return saved;
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateGoalInput): Promise<Goal> {
    return this.db.transaction(viewer, async (tx) => {
      const goal = await this.require(id, 'id', true);
      const before = { ...goal };
      if (input.title !== undefined) goal.title = input.title;
      if (input.description !== undefined) goal.description = input.description;
      const saved = await this.goals.save(goal);
      tx.record({ action: 'goal.update', entityType: 'Goal', entityId: goal.id, before, after: saved });
      return saved;
    });
  }

  /** Adds the goal's assessment of the year, or replaces it (keeping its id). */
  async setAssessment(viewer: Viewer, input: SetGoalAssessmentInput): Promise<GoalAssessment> {
    return this.db.transaction(viewer, async (tx) => {
      // Locking the goal serialises assessments set for it at the same time: the second one replaces the first.
      const { id: goalId } = await this.require(input.goalId, 'input.goalId', true);
      const existing = await this.goals.lockAssessment(goalId, input.year);
      const before = existing ? { ...existing } : null;
      const assessment = existing ?? this.goals.newAssessment(goalId, input.year);
      assessment.level = input.level;
      assessment.score = input.score ?? null;
      assessment.development = input.development;
      assessment.summary = input.summary;
      assessment.challenges = input.challenges ?? null;
      const saved = await this.goals.saveAssessment(assessment);
      tx.record({
        action: 'goalAssessment.set',
        entityType: 'GoalAssessment',
        entityId: saved.id,
        before,
        after: saved,
      });
      return saved;
    });
  }
}
