import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Public, Role, Roles } from '../auth/index.js';
import { QuarterScalar } from '../common/scalars/index.js';
import { ReportingRound, StatusOverview } from './models/overview.model.js';
import { OverviewService } from './overview.service.js';
import { requestedFields } from './requested-fields.js';

@Resolver()
export class OverviewResolver {
  constructor(private readonly overview: OverviewService) {}

  @Public()
  @Query(() => StatusOverview, {
    description:
      'strategy defaults to the only or first-created strategy; period defaults to the newest period with an approved update, else the current quarter',
  })
  statusOverview(
    @Args('strategy', { type: () => String, nullable: true, description: 'Strategy slug' }) strategy?: string | null,
    @Args('period', { type: () => QuarterScalar, nullable: true, description: 'From 2000-Q1 to the current quarter; a later one is BAD_USER_INPUT' })
    period?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<StatusOverview> {
    return this.overview.statusOverview(strategy, period, {
      initiative: info && requestedFields(info, ['goals', 'initiatives', 'initiative']),
      update: info && requestedFields(info, ['goals', 'initiatives', 'update']),
    });
  }

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Query(() => ReportingRound, { description: 'REVIEWER and ADMIN' })
  reportingRound(
    @Args('period', { type: () => QuarterScalar, description: 'From 2000-Q1 to the current quarter; a later one is BAD_USER_INPUT' }) period: string,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<ReportingRound> {
    return this.overview.reportingRound(period, { initiative: info && requestedFields(info, ['missing']) });
  }
}
