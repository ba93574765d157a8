import { Args, Context, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Public, Role, Roles } from '../auth/index.js';
import { QuarterScalar } from '../common/scalars/index.js';
import { ReportingRound, StatusOverview } from './models/overview.model.js';
import { OverviewService } from './overview.service.js';
import { requestedFields } from './requested-fields.js';
import type { RequestContext } from '../common/context.js';
import { Gate } from '../common/gate.js';
import { organizationById } from '../organizations/organization.loaders.js';

/**
 * Uncached overviews of a large plan are big object graphs (several MB at 5000 initiatives); building more
 * than two at once only makes them wait for the same CPU while holding their memory. Once built, an
 * overview is answered without waiting again, so at most two are built and one written out at a time.
 */
const overviewGate = new Gate(2);

/**
 * Loads every executing agency of the overview in one batch (the same one statement the field would run)
 * and hands each to its initiative, so the hundreds of `executingAgency` fields answer at once.
 */
async function preloadAgencies(overview: StatusOverview, ctx: RequestContext): Promise<void> {
  const initiatives = overview.goals.flatMap((goal) => goal.initiatives.map((standing) => standing.initiative));
  const agencies = await ctx.loaders
    .get(organizationById)
    .loadMany([...new Set(initiatives.map((i) => i.executingAgencyId))]);
  const byId = new Map(
    agencies.flatMap((agency) => (agency && !(agency instanceof Error) ? [[agency.id, agency] as const] : [])),
  );
  for (const initiative of initiatives) initiative.loadedExecutingAgency = byId.get(initiative.executingAgencyId);
}

@Resolver()
export class OverviewResolver {
  constructor(private readonly overview: OverviewService) {}

  @Public()
  @Query(() => StatusOverview, {
    description:
      'strategy defaults to the only or first-created strategy; period defaults to the newest period with an approved update, else the current quarter',
  })
  async statusOverview(
    @Args('strategy', { type: () => String, nullable: true, description: 'Strategy slug' }) strategy?: string | null,
    @Args('period', {
      type: () => QuarterScalar,
      nullable: true,
      description: 'From 2000-Q1 to the current quarter; a later one is BAD_USER_INPUT',
    })
    period?: string | null,
    @Info() info?: GraphQLResolveInfo,
    @Context() ctx?: RequestContext,
  ): Promise<StatusOverview> {
    const initiativeFields = info && requestedFields(info, ['goals', 'initiatives', 'initiative']);
    return overviewGate.run(async () => {
      const overview = await this.overview.statusOverview(strategy, period, {
        initiative: initiativeFields,
        update: info && requestedFields(info, ['goals', 'initiatives', 'update']),
      });
      if (ctx && initiativeFields?.has('executingAgency')) await preloadAgencies(overview, ctx);
      return overview;
    });
  }

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Query(() => ReportingRound, { description: 'REVIEWER and ADMIN' })
  reportingRound(
    @Args('period', {
      type: () => QuarterScalar,
      description: 'From 2000-Q1 to the current quarter; a later one is BAD_USER_INPUT',
    })
    period: string,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<ReportingRound> {
    return this.overview.reportingRound(period, { initiative: info && requestedFields(info, ['missing']) });
  }
}
