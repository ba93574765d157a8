import { In } from 'typeorm';
import type { LoaderContext } from '../common/context.js';
import { defineLoader, indexBy } from '../common/loaders/index.js';
import { FocusArea } from './entities/focus-area.entity.js';
import { Goal } from './entities/goal.entity.js';
import { LifeEvent } from './entities/life-event.entity.js';
import { Strategy } from './entities/strategy.entity.js';

/** By-id loaders of the strategy's records, batched per request, for other modules' fields. */
export const strategyById = defineLoader<string, Strategy | null, LoaderContext>('strategyById', async (ids, { dataSource }) =>
  indexBy(ids, await dataSource.getRepository(Strategy).findBy({ id: In([...ids]) }), (row) => row.id),
);

export const goalById = defineLoader<string, Goal | null, LoaderContext>('goalById', async (ids, { dataSource }) =>
  indexBy(ids, await dataSource.getRepository(Goal).findBy({ id: In([...ids]) }), (row) => row.id),
);

export const focusAreaById = defineLoader<string, FocusArea | null, LoaderContext>('focusAreaById', async (ids, { dataSource }) =>
  indexBy(ids, await dataSource.getRepository(FocusArea).findBy({ id: In([...ids]) }), (row) => row.id),
);

export const lifeEventById = defineLoader<string, LifeEvent | null, LoaderContext>('lifeEventById', async (ids, { dataSource }) =>
  indexBy(ids, await dataSource.getRepository(LifeEvent).findBy({ id: In([...ids]) }), (row) => row.id),
);
