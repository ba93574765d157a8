import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '../common/context.js';
import { pageSize } from '../common/pagination/index.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { FocusArea } from '../strategy/entities/focus-area.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { LifeEvent } from '../strategy/entities/life-event.entity.js';
import { InitiativeOrder } from './dto/initiative-filter.input.js';
import { initiativesOfParent } from './initiative.loaders.js';
import type { InitiativeParent } from './initiative.repository.js';
import { readCursor } from './initiative-listing.js';
import { InitiativeConnection } from './models/initiative-connection.model.js';

/**
 * The `initiatives` connections of the plan's records. They live here, not in the strategy and
 * organisations modules, because those modules know nothing of initiatives (the dependency points this way).
 */
function page(
  ctx: RequestContext,
  parent: InitiativeParent,
  parentId: string,
  first?: number | null,
  after?: string | null,
): Promise<InitiativeConnection> {
  const size = pageSize(first);
  const cursor = readCursor(after, InitiativeOrder.CODE);
  return ctx.loaders.load(initiativesOfParent, { parent, parentId, first: size, cursor, after });
}

const FIRST = {
  type: () => Int,
  nullable: true,
  description: 'Defaults to 50; more than 200 is BAD_USER_INPUT',
} as const;
const AFTER = { type: () => String, nullable: true, description: 'endCursor of the previous page' } as const;
const ORDER_NOTE = 'Ordered by code, naturally (1.2 before 1.10)';

@Resolver(() => Goal)
export class GoalInitiativesResolver {
  @ResolveField(() => InitiativeConnection, { description: `Initiatives that serve this goal. ${ORDER_NOTE}` })
  initiatives(
    @Parent() goal: Goal,
    @Context() ctx: RequestContext,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return page(ctx, 'goal', goal.id, first, after);
  }
}

@Resolver(() => FocusArea)
export class FocusAreaInitiativesResolver {
  @ResolveField(() => InitiativeConnection, { description: `Initiatives in this focus area. ${ORDER_NOTE}` })
  initiatives(
    @Parent() focusArea: FocusArea,
    @Context() ctx: RequestContext,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return page(ctx, 'focusArea', focusArea.id, first, after);
  }
}

@Resolver(() => LifeEvent)
export class LifeEventInitiativesResolver {
  @ResolveField(() => InitiativeConnection, { description: `Initiatives for this life event. ${ORDER_NOTE}` })
  initiatives(
    @Parent() lifeEvent: LifeEvent,
    @Context() ctx: RequestContext,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return page(ctx, 'lifeEvent', lifeEvent.id, first, after);
  }
}

@Resolver(() => Organization)
export class OrganizationInitiativesResolver {
  @ResolveField(() => InitiativeConnection, {
    description: `Initiatives this organisation executes (is the executing agency of). ${ORDER_NOTE}`,
  })
  initiatives(
    @Parent() organization: Organization,
    @Context() ctx: RequestContext,
    @Args('first', FIRST) first?: number,
    @Args('after', AFTER) after?: string,
  ) {
    return page(ctx, 'organization', organization.id, first, after);
  }
}
