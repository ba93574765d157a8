import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../common/context.js';
import { BadUserInputError } from '../common/errors/index.js';
import { decodeCursor, pageSize, toConnection } from '../common/pagination/index.js';
import { isQuarter } from '../common/quarter.js';
import { DeliveryStatus } from '../initiatives/entities/enums.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { StatusUpdate } from './entities/status-update.entity.js';
import { StatusPoint, StatusUpdateConnection } from './models/status-update.models.js';
import { latestApprovedUpdate, statusHistory, updatesPage, UpdatesPageKey } from './status-update.loaders.js';

/**
 * The reporting fields of the Initiative type. They live here, not in the initiatives module, so that the
 * initiatives never depend on the status updates (DESIGN.md, Architecture). All go through per-request
 * loaders: a page of initiatives costs the same few statements whatever its length.
 */
@Resolver(() => Initiative)
export class InitiativeReportingResolver {
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
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1);
    if (cursor && (typeof cursor[0] !== 'string' || !isQuarter(cursor[0])))
      throw BadUserInputError.field('after', 'is not a cursor from this list');
    const key: UpdatesPageKey = {
      initiativeId: initiative.id,
      limit: size + 1,
      before: (cursor?.[0] as string | undefined) ?? null,
    };
    const page = await ctx.loaders.load(updatesPage, JSON.stringify(key));
    return toConnection(page.rows, size, page.totalCount, (update) => [update.period], !!cursor);
  }

  @ResolveField(() => [StatusPoint], { description: 'Approved statuses, oldest period first' })
  statusHistory(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<StatusPoint[]> {
    return ctx.loaders.load(statusHistory, initiative.id);
  }
}
