import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../common/context.js';
import { toConnection } from '../common/pagination/index.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import { StatusPoint, StatusUpdateConnection } from './models/status-update.models.js';
import { latestApprovedUpdate, statusHistory, updatesPage } from './status-update.loaders.js';
import { StatusUpdateService } from './status-update.service.js';
import { ListSize } from '../hardening/list-size.js';

/**
 * The reporting fields of the Initiative type. They live here, not in the initiatives module, so that the
 * initiatives never depend on the status updates (DESIGN.md, Architecture). All go through per-request
 * loaders: a page of initiatives costs the same few statements whatever its length.
 */
@Resolver(() => Initiative)
export class InitiativeReportingResolver {
  constructor(private readonly service: StatusUpdateService) {}

  @ResolveField(() => StatusUpdate, {
    nullable: true,
    description: 'The APPROVED update of the latest period, or null',
  })
  latestUpdate(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<StatusUpdate | null> {
    return ctx.loaders.load(latestApprovedUpdate, initiative.id);
  }

  @ResolveField('currentStatus', () => DeliveryStatus, {
    nullable: true,
    description: 'latestUpdate.status, or null when nothing is approved yet',
  })
  async currentStatusField(
    @Parent() initiative: Initiative,
    @Context() ctx: RequestContext,
  ): Promise<DeliveryStatus | null> {
    const latest = await ctx.loaders.load(latestApprovedUpdate, initiative.id);
    return latest?.status ?? null;
  }

  @ResolveField(() => StatusUpdateConnection, {
    description: 'Newest period first. Anonymous callers see APPROVED updates only; see DESIGN.md for who sees what.',
  })
  async updates(
    @Parent() initiative: Initiative,
    @Context() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<StatusUpdateConnection> {
    const { key, size, hasPreviousPage } = this.service.updatesPageKey(initiative.id, first, after);
    const page = await ctx.loaders.load(updatesPage, key);
    return toConnection(page.rows, size, page.totalCount, (update) => [update.period], hasPreviousPage);
  }

  @ListSize('approvedPerInitiative')
  @ResolveField(() => [StatusPoint], { description: 'Approved statuses, oldest period first' })
  statusHistory(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<StatusPoint[]> {
    return ctx.loaders.load(statusHistory, initiative.id);
  }
}
