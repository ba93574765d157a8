import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/index.js';
import { assertReportablePeriod, quarterRange } from '../common/quarter.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Obstacle } from '../status-updates/entities/status-update.entity.js';
import { PeriodCounts } from './models/period-counts.model.js';
import { timelineRange } from './round.rules.js';
import { TimelineRepository } from './timeline.repository.js';

const STATUSES = Object.values(DeliveryStatus);
const OBSTACLES = Object.values(Obstacle);

/** The plan's standing at the end of each quarter of a range, by statusOverview's rule (TimelineRepository). */
@Injectable()
export class TimelineService {
  constructor(private readonly timeline: TimelineRepository) {}

  async statusTimeline(
    strategySlug: string | null | undefined,
    from: string | null | undefined,
    to: string | null | undefined,
  ): Promise<PeriodCounts[]> {
    // A quarter that is no reportable one runs no SQL (timelineRange checks the range itself).
    if (from) assertReportablePeriod(from, new Date(), 'from');
    if (to) assertReportablePeriod(to, new Date(), 'to');
    const head = await this.timeline.head(strategySlug ?? null);
    if (!head)
      throw new NotFoundError('Strategy', strategySlug ?? '(any)', strategySlug != null ? 'strategy' : undefined);
    const range = timelineRange({ from, to }, head);
    if (!range) return [];
    const quarters = await this.timeline.counts(head.strategyId, quarterRange(range.from, range.to));
    return quarters.map((q) => ({
      period: q.period,
      initiativeCount: q.initiativeCount,
      notReported: q.notReported,
      statusCounts: STATUSES.map((status) => ({ status, count: q.statuses[status] })),
      obstacleCounts: OBSTACLES.map((obstacle) => ({ obstacle, count: q.obstacles[obstacle] })),
    }));
  }
}
