import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role, Roles } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { QuarterScalar } from '../common/scalars/index.js';
import { ListSize } from '../hardening/list-size.js';
import { Initiative } from '../initiatives/entities/initiative.entity.js';
import { NotificationKind, SendState } from './entities/enums.js';
import { Notification } from './entities/notification.entity.js';
import { NotificationConnection } from './models/notification.models.js';
import { notifiedInitiativeById } from './notification.loaders.js';
import { NotificationService } from './notification.service.js';

@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly service: NotificationService) {}

  @Roles(Role.REVIEWER, Role.ADMIN)
  @Query(() => NotificationConnection, { description: 'REVIEWER and ADMIN; newest first' })
  notifications(
    @Args('period', { type: () => QuarterScalar, nullable: true }) period?: string,
    @Args('kind', { type: () => NotificationKind, nullable: true }) kind?: NotificationKind,
    @Args('state', { type: () => SendState, nullable: true }) state?: SendState,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<NotificationConnection> {
    return this.service.list({ period, kind, state }, first, after);
  }

  @ListSize('initiatives')
  @ResolveField(() => [Initiative], { description: 'The initiatives it is about: a reminder digest can name several' })
  async initiatives(@Parent() notification: Notification, @Context() ctx: RequestContext): Promise<Initiative[]> {
    const found = await Promise.all(
      notification.initiativeIds.map((id) => ctx.loaders.load(notifiedInitiativeById, id)),
    );
    return found.filter((initiative): initiative is Initiative => initiative !== null);
  }
}
