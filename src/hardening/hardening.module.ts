import { Global, Module } from '@nestjs/common';
import { AnswerSizePlugin } from './answer-size.plugin.js';
import { HttpDrain } from './graceful-shutdown.js';
import { PlanStats } from './plan-stats.js';
import { QueryCostPlugin } from './query-cost.plugin.js';
import { ReadRateLimiter, WriteRateLimiter, WriteRateLimitPlugin } from './rate-limit.js';
import { RefusalBrake, RefusalBrakePlugin } from './refusal-brake.js';
import { SqlTallyPlugin } from './sql-tally.plugin.js';

/**
 * The limits that are Nest providers: the Apollo plugins (query cost, write limit, answer size, the SQL
 * statement header, the refusal brake's marks), the rate-limit counters, the refusal brake, the plan figures the cost reads and the shutdown drain.
 */
@Global()
@Module({
  providers: [
    PlanStats,
    QueryCostPlugin,
    AnswerSizePlugin,
    SqlTallyPlugin,
    ReadRateLimiter,
    WriteRateLimiter,
    WriteRateLimitPlugin,
    RefusalBrake,
    RefusalBrakePlugin,
    HttpDrain,
  ],
  exports: [PlanStats, ReadRateLimiter, WriteRateLimiter, RefusalBrake, HttpDrain],
})
export class HardeningModule {}
