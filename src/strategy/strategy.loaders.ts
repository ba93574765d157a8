import { In } from 'typeorm';
import type { LoaderContext } from '../common/context.js';
import { defineLoader, groupBy, indexBy } from '../common/loaders/index.js';
import { FocusArea } from './entities/focus-area.entity.js';
import { GoalAssessment } from './entities/goal-assessment.entity.js';
import { Goal } from './entities/goal.entity.js';
import { Indicator, IndicatorValue } from './entities/indicator.entity.js';
import { LifeEvent } from './entities/life-event.entity.js';
import { Strategy } from './entities/strategy.entity.js';

/** By-id loaders of the strategy's records, batched per request, for other modules' fields. */
export const strategyById = defineLoader<string, Strategy | null, LoaderContext>(
  'strategyById',
  async (ids, { dataSource }) =>
    indexBy(ids, await dataSource.getRepository(Strategy).findBy({ id: In([...ids]) }), (row) => row.id),
);

export const goalById = defineLoader<string, Goal | null, LoaderContext>('goalById', async (ids, { dataSource }) =>
  indexBy(ids, await dataSource.getRepository(Goal).findBy({ id: In([...ids]) }), (row) => row.id),
);

export const focusAreaById = defineLoader<string, FocusArea | null, LoaderContext>(
  'focusAreaById',
  async (ids, { dataSource }) =>
    indexBy(ids, await dataSource.getRepository(FocusArea).findBy({ id: In([...ids]) }), (row) => row.id),
);

export const lifeEventById = defineLoader<string, LifeEvent | null, LoaderContext>(
  'lifeEventById',
  async (ids, { dataSource }) =>
    indexBy(ids, await dataSource.getRepository(LifeEvent).findBy({ id: In([...ids]) }), (row) => row.id),
);

/*
 * One-to-many loaders: one statement per level of a query, whatever the number of parents, so
 * `strategies { goals { indicators { values } assessments } }` runs a fixed number of statements.
 */

/** A strategy's goals, ordered by number. */
export const goalsByStrategy = defineLoader<string, Goal[], LoaderContext>(
  'goalsByStrategy',
  async (ids, { dataSource }) =>
    groupBy(
      ids,
      await dataSource.getRepository(Goal).find({ where: { strategyId: In([...ids]) }, order: { number: 'ASC' } }),
      (row) => row.strategyId,
    ),
);

/** A strategy's focus areas, in the order they were created, then by title. */
export const focusAreasByStrategy = defineLoader<string, FocusArea[], LoaderContext>(
  'focusAreasByStrategy',
  async (ids, { dataSource }) => {
    const rows = await dataSource
      .getRepository(FocusArea)
      .createQueryBuilder('f')
      .where('f.strategyId IN (:...ids)', { ids: [...ids] })
      .orderBy('f.createdAt', 'ASC')
      .addOrderBy('f.title COLLATE "nb-NO-x-icu"', 'ASC')
      .getMany();
    return groupBy(ids, rows, (row) => row.strategyId);
  },
);

/** A strategy's life events, in the order they were created, then by title. */
export const lifeEventsByStrategy = defineLoader<string, LifeEvent[], LoaderContext>(
  'lifeEventsByStrategy',
  async (ids, { dataSource }) => {
    const rows = await dataSource
      .getRepository(LifeEvent)
      .createQueryBuilder('l')
      .where('l.strategyId IN (:...ids)', { ids: [...ids] })
      .orderBy('l.createdAt', 'ASC')
      .addOrderBy('l.title COLLATE "nb-NO-x-icu"', 'ASC')
      .getMany();
    return groupBy(ids, rows, (row) => row.strategyId);
  },
);

/** A goal's key figures, in the order they were created (seq). */
export const indicatorsByGoal = defineLoader<string, Indicator[], LoaderContext>(
  'indicatorsByGoal',
  async (ids, { dataSource }) => {
    const rows = await dataSource
      .getRepository(Indicator)
      .createQueryBuilder('i')
      .where('i.goalId IN (:...ids)', { ids: [...ids] })
      .orderBy('i.seq', 'ASC')
      .getMany();
    return groupBy(ids, rows, (row) => row.goalId);
  },
);

/** A goal's yearly assessments, newest year first. */
export const assessmentsByGoal = defineLoader<string, GoalAssessment[], LoaderContext>(
  'assessmentsByGoal',
  async (ids, { dataSource }) =>
    groupBy(
      ids,
      await dataSource.getRepository(GoalAssessment).find({ where: { goalId: In([...ids]) }, order: { year: 'DESC' } }),
      (row) => row.goalId,
    ),
);

/** An indicator's values, oldest year first. */
export const valuesByIndicator = defineLoader<string, IndicatorValue[], LoaderContext>(
  'valuesByIndicator',
  async (ids, { dataSource }) =>
    groupBy(
      ids,
      await dataSource
        .getRepository(IndicatorValue)
        .find({ where: { indicatorId: In([...ids]) }, order: { year: 'ASC' } }),
      (row) => row.indicatorId,
    ),
);
