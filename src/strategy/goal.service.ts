import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Viewer } from '../auth/index.js';
import { ConflictError, NotFoundError } from '../common/errors/index.js';
import { isUuid } from '../common/uuid.js';
import { CreateGoalInput, SetGoalAssessmentInput, UpdateGoalInput } from './dto/goal.inputs.js';
import { GoalAssessment } from './entities/goal-assessment.entity.js';
import { Goal } from './entities/goal.entity.js';
import { requireStrategy } from './strategy.service.js';

/** Loads a goal inside a write (locked against concurrent changes when asked), or answers NOT_FOUND naming the field. */
export async function requireGoal(manager: EntityManager, id: string, field: string, lock = false): Promise<Goal> {
  const goal = isUuid(id)
    ? await manager
        .getRepository(Goal)
        .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
    : null;
  if (!goal) throw new NotFoundError('Goal', id, field);
  return goal;
}

/** Goals and their yearly assessments. */
@Injectable()
export class GoalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async byId(id: string): Promise<Goal | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(Goal).findOneBy({ id });
  }

  async create(viewer: Viewer, input: CreateGoalInput): Promise<Goal> {
    return this.dataSource.transaction(async (manager) => {
      // The stored id, not the one given: an id in upper case names the same record but is not the same key.
      const { id: strategyId } = await requireStrategy(manager, input.strategyId, 'input.strategyId');
      const repo = manager.getRepository(Goal);
      if (await repo.existsBy({ strategyId, number: input.number })) {
        throw new ConflictError('The strategy has a goal with this number already', 'input.number');
      }
      const saved = await repo.save(
        repo.create({ strategyId, number: input.number, title: input.title, description: input.description ?? null }),
      );
      await this.audit.record(manager, {
        actor: viewer,
        action: 'goal.create',
        entityType: 'Goal',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  async update(viewer: Viewer, id: string, input: UpdateGoalInput): Promise<Goal> {
    return this.dataSource.transaction(async (manager) => {
      const goal = await requireGoal(manager, id, 'id', true);
      const before = { ...goal };
      if (input.title !== undefined) goal.title = input.title;
      if (input.description !== undefined) goal.description = input.description;
      const saved = await manager.getRepository(Goal).save(goal);
      await this.audit.record(manager, {
        actor: viewer,
        action: 'goal.update',
        entityType: 'Goal',
        entityId: goal.id,
        before,
        after: saved,
      });
      return saved;
    });
  }

  /** Adds the goal's assessment of the year, or replaces it (keeping its id). */
  async setAssessment(viewer: Viewer, input: SetGoalAssessmentInput): Promise<GoalAssessment> {
    return this.dataSource.transaction(async (manager) => {
      // Locking the goal serialises assessments set for it at the same time: the second one replaces the first.
      const { id: goalId } = await requireGoal(manager, input.goalId, 'input.goalId', true);
      const repo = manager.getRepository(GoalAssessment);
      const existing = await repo.findOne({ where: { goalId, year: input.year }, lock: { mode: 'pessimistic_write' } });
      const before = existing ? { ...existing } : null;
      const assessment = existing ?? repo.create({ goalId, year: input.year });
      assessment.level = input.level;
      assessment.score = input.score ?? null;
      assessment.development = input.development;
      assessment.summary = input.summary;
      assessment.challenges = input.challenges ?? null;
      const saved = await repo.save(assessment);
      await this.audit.record(manager, {
        actor: viewer,
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
