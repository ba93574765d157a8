import type { LoaderContext } from '../common/context.js';
import { defineLoader, groupBy, indexBy } from '../common/loaders/index.js';
import { FocusArea } from './entities/focus-area.entity.js';
import { GoalAssessment } from './entities/goal-assessment.entity.js';
import { Goal } from './entities/goal.entity.js';
import { Indicator, IndicatorValue } from './entities/indicator.entity.js';
import { LifeEvent } from './entities/life-event.entity.js';
import { Strategy } from './entities/strategy.entity.js';
import { GoalRepository } from './goal.repository.js';
import { IndicatorRepository } from './indicator.repository.js';
import { StrategyRepository } from './strategy.repository.js';

/*
 * The strategy's records, batched per request: one statement per level of a query, whatever the number of
 * parents, so `strategies { goals { indicators { values } assessments } }` runs a fixed number of statements.
 */

export const strategyById = defineLoader<string, Strategy | null, LoaderContext>('strategyById', async (ids, ctx) =>
  indexBy(ids, await ctx.get(StrategyRepository).byIds(ids), (row) => row.id),
);

export const goalById = defineLoader<string, Goal | null, LoaderContext>('goalById', async (ids, ctx) =>
  indexBy(ids, await ctx.get(GoalRepository).byIds(ids), (row) => row.id),
);

export const focusAreaById = defineLoader<string, FocusArea | null, LoaderContext>('focusAreaById', async (ids, ctx) =>
  indexBy(ids, await ctx.get(StrategyRepository).focusAreasByIds(ids), (row) => row.id),
);

export const lifeEventById = defineLoader<string, LifeEvent | null, LoaderContext>('lifeEventById', async (ids, ctx) =>
  indexBy(ids, await ctx.get(StrategyRepository).lifeEventsByIds(ids), (row) => row.id),
);

export const goalsByStrategy = defineLoader<string, Goal[], LoaderContext>('goalsByStrategy', async (ids, ctx) =>
  groupBy(ids, await ctx.get(GoalRepository).ofStrategies(ids), (row) => row.strategyId),
);

export const focusAreasByStrategy = defineLoader<string, FocusArea[], LoaderContext>(
  'focusAreasByStrategy',
  async (ids, ctx) => groupBy(ids, await ctx.get(StrategyRepository).focusAreasOf(ids), (row) => row.strategyId),
);

export const lifeEventsByStrategy = defineLoader<string, LifeEvent[], LoaderContext>(
  'lifeEventsByStrategy',
  async (ids, ctx) => groupBy(ids, await ctx.get(StrategyRepository).lifeEventsOf(ids), (row) => row.strategyId),
);

export const indicatorsByGoal = defineLoader<string, Indicator[], LoaderContext>('indicatorsByGoal', async (ids, ctx) =>
  groupBy(ids, await ctx.get(IndicatorRepository).ofGoals(ids), (row) => row.goalId),
);

export const assessmentsByGoal = defineLoader<string, GoalAssessment[], LoaderContext>(
  'assessmentsByGoal',
  async (ids, ctx) => groupBy(ids, await ctx.get(GoalRepository).assessmentsOf(ids), (row) => row.goalId),
);

export const valuesByIndicator = defineLoader<string, IndicatorValue[], LoaderContext>(
  'valuesByIndicator',
  async (ids, ctx) => groupBy(ids, await ctx.get(IndicatorRepository).valuesOf(ids), (row) => row.indicatorId),
);
