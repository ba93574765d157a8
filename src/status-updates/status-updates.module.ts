import { Module } from '@nestjs/common';
import { InitiativesModule } from '../initiatives/initiatives.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { InitiativeReportingResolver } from './initiative-reporting.resolver.js';
import { StatusUpdateRepository } from './status-update.repository.js';
import { StatusUpdateResolver } from './status-update.resolver.js';
import { StatusUpdateService } from './status-update.service.js';

/** Quarterly status updates: the owners' and reviewers' workflow, and the Initiative's reporting fields. */
@Module({
  imports: [InitiativesModule, OrganizationsModule],
  providers: [StatusUpdateRepository, StatusUpdateService, StatusUpdateResolver, InitiativeReportingResolver],
  exports: [StatusUpdateService, StatusUpdateRepository],
})
export class StatusUpdatesModule {}
