import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Role } from '../auth/viewer.js';
import { OrganizationRepository } from '../organizations/organization.repository.js';
import { StrategyRepository } from '../strategy/strategy.repository.js';
import { readDemoData } from './demo-data.js';
import { DemoContext, DemoPart } from './demo-part.js';
import { DEMO_PARTS } from './parts.js';

@Injectable()
export class DemoService {
  private readonly logger = new Logger(DemoService.name);

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly organizations: OrganizationRepository,
    private readonly strategies: StrategyRepository,
  ) {}

  /** Loads the demo data set through the services, once, into a database that holds no plan yet. */
  async loadIfEmpty(parts: DemoPart[] = DEMO_PARTS): Promise<boolean> {
    if ((await this.organizations.any()) || (await this.strategies.any())) return false;
    const context: DemoContext = {
      data: readDemoData(),
      moduleRef: this.moduleRef,
      admin: { subject: 'demo-loader', name: 'Demo data', roles: [Role.ADMIN] },
      reviewer: { subject: 'demo-reviewer', name: 'Demo reviewer', roles: [Role.REVIEWER] },
      organizationIds: new Map(),
      goalIds: new Map(),
      focusAreaIds: new Map(),
      lifeEventIds: new Map(),
      initiativeIds: new Map(),
    };
    for (const part of parts) {
      await part.load(context);
      this.logger.log(`Demo data: ${part.name} loaded`);
    }
    return true;
  }
}
