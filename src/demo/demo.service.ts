import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../auth/viewer.js';
import { readDemoData } from './demo-data.js';
import { DemoContext, DemoPart } from './demo-part.js';
import { DEMO_PARTS } from './parts.js';

@Injectable()
export class DemoService {
  private readonly logger = new Logger(DemoService.name);

  constructor(
    private readonly moduleRef: ModuleRef,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Loads the demo data set through the services, once, into a database that holds no plan yet. */
  async loadIfEmpty(parts: DemoPart[] = DEMO_PARTS): Promise<boolean> {
    const [{ empty }] = await this.dataSource.query(
      `SELECT NOT EXISTS (SELECT 1 FROM organization) AND NOT EXISTS (SELECT 1 FROM strategy) AS empty`,
    );
    if (!empty) return false;
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
