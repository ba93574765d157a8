import { Module } from '@nestjs/common';
import { OrganizationRepository } from './organization.repository.js';
import { OrganizationResolver } from './organization.resolver.js';
import { OrganizationService } from './organization.service.js';
import { ViewerResolver } from './viewer.resolver.js';

@Module({
  providers: [OrganizationRepository, OrganizationService, OrganizationResolver, ViewerResolver],
  exports: [OrganizationService, OrganizationRepository],
})
export class OrganizationsModule {}
