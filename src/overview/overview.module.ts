import { Module } from '@nestjs/common';
import { OverviewResolver } from './overview.resolver.js';
import { OverviewService } from './overview.service.js';

/** The portal's status overview and the directorate's reporting round: reads of initiatives and their updates. */
@Module({
  providers: [OverviewResolver, OverviewService],
})
export class OverviewModule {}
