import { Module } from '@nestjs/common';
import { OrganizationsResolver } from './organizations.resolver.js';
import { OrganizationsService } from './organizations.service.js';
import { ViewerResolver } from './viewer.resolver.js';

@Module({
  providers: [OrganizationsService, OrganizationsResolver, ViewerResolver],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
