import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Database } from '../database/database.js';
import { GoalAssessment } from './entities/goal-assessment.entity.js';
import { Goal } from './entities/goal.entity.js';

/** The SQL of goals and their yearly assessments. */
@Injectable()
export class GoalRepository {
  constructor(private readonly db: Database) {}

  byId(id: string, options: { lock?: boolean } = {}): Promise<Goal | null> {
    return this.db
      .repository(Goal)
      .findOne({ where: { id }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  byIds(ids: readonly string[]): Promise<Goal[]> {
    return this.db.repository(Goal).findBy({ id: In([...ids]) });
  }

  /** Goals of the strategies, by number. */
  ofStrategies(strategyIds: readonly string[]): Promise<Goal[]> {
    return this.db.repository(Goal).find({ where: { strategyId: In([...strategyIds]) }, order: { number: 'ASC' } });
  }

  numberTaken(strategyId: string, number: number): Promise<boolean> {
    return this.db.repository(Goal).existsBy({ strategyId, number });
  }

  save(goal: Partial<Goal>): Promise<Goal> {
    const repo = this.db.repository(Goal);
    return repo.save(repo.create(goal));
  }

  /** Assessments of the goals, newest year first. */
  assessmentsOf(goalIds: readonly string[]): Promise<GoalAssessment[]> {
    return this.db.repository(GoalAssessment).find({ where: { goalId: In([...goalIds]) }, order: { year: 'DESC' } });
  }

  /** The goal's assessment of the year, locked for the rest of the transaction. */
  lockAssessment(goalId: string, year: number): Promise<GoalAssessment | null> {
    return this.db.repository(GoalAssessment).findOne({ where: { goalId, year }, lock: { mode: 'pessimistic_write' } });
  }

  newAssessment(goalId: string, year: number): GoalAssessment {
    return this.db.repository(GoalAssessment).create({ goalId, year });
  }

  saveAssessment(assessment: GoalAssessment): Promise<GoalAssessment> {
    return this.db.repository(GoalAssessment).save(assessment);
  }
}
