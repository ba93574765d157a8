import { osloDay } from '../common/quarter.js';
import type { LoaderContext } from '../common/context.js';
import { defineLoader, indexBy } from '../common/loaders/index.js';
import { ReportingRoundRecord } from './entities/reporting-round-record.entity.js';
import { RoundRepository } from './round.repository.js';

/** The opened round of each period, or null: one statement for every period a request asks about. */
export const roundByPeriod = defineLoader<string, ReportingRoundRecord | null, LoaderContext>(
  'rounds.byPeriod',
  async (periods, ctx) => indexBy(periods, await ctx.get(RoundRepository).byPeriods(periods), (round) => round.period),
);

/** ReportingRound.late of each period (0 without a round). */
export const lateByPeriod = defineLoader<string, number, LoaderContext>('rounds.lateByPeriod', async (periods, ctx) => {
  const late = await ctx.get(RoundRepository).lateCounts(periods, osloDay());
  return periods.map((period) => late.get(period) ?? 0);
});
