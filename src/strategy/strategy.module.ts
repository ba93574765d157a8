import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { GoalResolver } from './goal.resolver.js';
import { GoalService } from './goal.service.js';
import { IndicatorResolver } from './indicator.resolver.js';
import { IndicatorService } from './indicator.service.js';
import { LifeEventResolver, StrategyResolver } from './strategy.resolver.js';
import { StrategyService } from './strategy.service.js';

@Module({
  imports: [OrganizationsModule],
  providers: [
    StrategyService,
    GoalService,
    IndicatorService,
    StrategyResolver,
    LifeEventResolver,
    GoalResolver,
    IndicatorResolver,
  ],
  exports: [StrategyService, GoalService, IndicatorService],
})
export class StrategyModule {}
