import { Global, Module } from '@nestjs/common';
import { PlanStats } from './plan-stats.js';
import { QueryCostPlugin } from './query-cost.plugin.js';

/** The limits that are Nest providers: the query cost (an Apollo plugin) and the plan figures it reads. */
@Global()
@Module({ providers: [PlanStats, QueryCostPlugin], exports: [PlanStats] })
export class HardeningModule {}
