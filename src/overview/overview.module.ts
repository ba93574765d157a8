import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { OverviewGate } from './overview.gate.js';
import { OverviewRepository } from './overview.repository.js';
import { OverviewResolver } from './overview.resolver.js';
import { OverviewService } from './overview.service.js';

/** The portal's status overview and the directorate's reporting round: reads of initiatives and their updates. */
@Module({
  imports: [OrganizationsModule],
  providers: [OverviewRepository, OverviewGate, OverviewService, OverviewResolver],
  exports: [OverviewService, OverviewGate],
})
export class OverviewModule {}
