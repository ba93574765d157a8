import { Module } from '@nestjs/common';
import { OverviewModule } from '../overview/overview.module.js';
import { StatusUpdatesModule } from '../status-updates/status-updates.module.js';
import { PublishedReportRepository } from './published-report.repository.js';
import { PublishedReportResolver } from './published-report.resolver.js';
import { PublishedReportService } from './published-report.service.js';
import { RoundRepository } from './round.repository.js';
import { RoundResolver } from './round.resolver.js';
import { RoundService } from './round.service.js';
import { StatusUpdateRoundResolver } from './status-update-round.resolver.js';
import { TimelineRepository } from './timeline.repository.js';
import { TimelineService } from './timeline.service.js';

/**
 * The quarterly round as a process: opened rounds with due dates, lateness, the published reports frozen
 * at each close, and the timeline. Uses the overview and the status updates; adds the round's fields to
 * ReportingRound and StatusUpdate and `reportClosedAt` to StatusOverview with resolvers of its own.
 */
@Module({
  imports: [OverviewModule, StatusUpdatesModule],
  providers: [
    RoundRepository,
    PublishedReportRepository,
    TimelineRepository,
    RoundService,
    PublishedReportService,
    TimelineService,
    RoundResolver,
    StatusUpdateRoundResolver,
    PublishedReportResolver,
  ],
  exports: [RoundService, PublishedReportService, TimelineService],
})
export class RoundsModule {}
