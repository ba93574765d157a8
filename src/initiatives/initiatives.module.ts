import { Module } from '@nestjs/common';
import { DeliveryRepository } from './delivery.repository.js';
import { DeliveryResolver } from './delivery.resolver.js';
import { DeliveryService } from './delivery.service.js';
import { InitiativeRepository } from './initiative.repository.js';
import { InitiativeResolver } from './initiative.resolver.js';
import { InitiativeService } from './initiative.service.js';
import {
  FocusAreaInitiativesResolver,
  GoalInitiativesResolver,
  LifeEventInitiativesResolver,
  OrganizationInitiativesResolver,
} from './plan-initiatives.resolver.js';

/**
 * The plan's initiatives and deliveries: writes, the listing and search, and the `initiatives` connections
 * of goals, focus areas, life events and organisations. InitiativeService is the way other modules read and
 * change initiatives (e.g. `myInitiatives` lists by executing agency; approval records the current status).
 */
@Module({
  providers: [
    InitiativeRepository,
    DeliveryRepository,
    InitiativeService,
    DeliveryService,
    InitiativeResolver,
    DeliveryResolver,
    GoalInitiativesResolver,
    FocusAreaInitiativesResolver,
    LifeEventInitiativesResolver,
    OrganizationInitiativesResolver,
  ],
  exports: [InitiativeService, DeliveryService, InitiativeRepository],
})
export class InitiativesModule {}
