import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { StrategyModule } from '../strategy/strategy.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [OrganizationsModule, StrategyModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
