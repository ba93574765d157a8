import { Module } from '@nestjs/common';
import { DeliveriesResolver } from './deliveries.resolver.js';
import { DeliveriesService } from './deliveries.service.js';
import { InitiativeWritesService } from './initiative-writes.service.js';
import { InitiativesResolver } from './initiatives.resolver.js';
import { InitiativesService } from './initiatives.service.js';
import {
  FocusAreaInitiativesResolver,
  GoalInitiativesResolver,
  LifeEventInitiativesResolver,
  OrganizationInitiativesResolver,
} from './plan-initiatives.resolver.js';

/**
 * The plan's initiatives and deliveries: writes, the listing and search, and the `initiatives` connections
 * of goals, focus areas, life events and organisations. InitiativesService is the way other modules read
 * initiatives (e.g. `myInitiatives` lists by executing agency).
 */
@Module({
  providers: [
    InitiativesService,
    InitiativeWritesService,
    DeliveriesService,
    InitiativesResolver,
    DeliveriesResolver,
    GoalInitiativesResolver,
    FocusAreaInitiativesResolver,
    LifeEventInitiativesResolver,
    OrganizationInitiativesResolver,
  ],
  exports: [InitiativesService, InitiativeWritesService, DeliveriesService],
})
export class InitiativesModule {}
