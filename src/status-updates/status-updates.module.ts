import { Module } from '@nestjs/common';
import { InitiativesModule } from '../initiatives/initiatives.module.js';
import { InitiativeReportingResolver } from './initiative-reporting.resolver.js';
import { StatusUpdateReadService } from './status-update-reads.service.js';
import { StatusUpdateResolver } from './status-update.resolver.js';
import { StatusUpdateService } from './status-update.service.js';

/** Quarterly status updates: the owners' and reviewers' workflow, and the Initiative's reporting fields. */
@Module({
  imports: [InitiativesModule],
  providers: [StatusUpdateService, StatusUpdateReadService, StatusUpdateResolver, InitiativeReportingResolver],
  exports: [StatusUpdateService, StatusUpdateReadService],
})
export class StatusUpdatesModule {}
