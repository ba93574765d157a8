import { Args, Context, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Public, Role, Roles } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { QuarterScalar } from '../common/scalars/index.js';
import { ReportingRound, StatusOverview } from './models/overview.model.js';
import { OverviewService } from './overview.service.js';
import { requestedFields } from './requested-fields.js';

const PERIOD = 'From 2000-Q1 to the current quarter; a later one is BAD_USER_INPUT';

@Resolver()
export class OverviewResolver {
  constructor(private readonly overview: OverviewService) {}

  @Public()
  @Query(() => StatusOverview, {
    description:
      'strategy defaults to the only or first-created strategy; period defaults to the newest period with an ' +
      'approved update, else the current quarter',
  })
  statusOverview(
    @Args('strategy', { type: () => String, nullable: true, description: 'Strategy slug' }) strategy?: string | null,
    @Args('period', { type: () => QuarterScalar, nullable: true, description: PERIOD }) period?: string | null,
    @Info() info?: GraphQLResolveInfo,
    @Context() ctx?: RequestContext,
  ): Promise<StatusOverview> {
    const projection = info && {
      initiative: requestedFields(info, ['goals', 'initiatives', 'initiative']),
      update: requestedFields(info, ['goals', 'initiatives', 'update']),
    };
    return this.overview.statusOverview(strategy, period, projection, { loaders: ctx?.loaders, client: ctx?.req.ip });
  }

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Query(() => ReportingRound, { description: 'REVIEWER and ADMIN' })
  reportingRound(
    @Args('period', { type: () => QuarterScalar, description: PERIOD }) period: string,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<ReportingRound> {
    return this.overview.reportingRound(period, { initiative: info && requestedFields(info, ['missing']) });
  }
}
