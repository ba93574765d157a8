import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { GoalRepository } from './goal.repository.js';
import { GoalResolver } from './goal.resolver.js';
import { GoalService } from './goal.service.js';
import { IndicatorRepository } from './indicator.repository.js';
import { IndicatorResolver } from './indicator.resolver.js';
import { IndicatorService } from './indicator.service.js';
import { StrategyRepository } from './strategy.repository.js';
import { LifeEventResolver, StrategyResolver } from './strategy.resolver.js';
import { StrategyService } from './strategy.service.js';

@Module({
  imports: [OrganizationsModule],
  providers: [
    StrategyRepository,
    GoalRepository,
    IndicatorRepository,
    StrategyService,
    GoalService,
    IndicatorService,
    StrategyResolver,
    LifeEventResolver,
    GoalResolver,
    IndicatorResolver,
  ],
  exports: [StrategyService, GoalService, IndicatorService, StrategyRepository, GoalRepository, IndicatorRepository],
})
export class StrategyModule {}
