import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public, Role, Roles, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { organizationById } from '../organizations/organization.loaders.js';
import { CreateFocusAreaInput, CreateLifeEventInput, CreateStrategyInput } from './dto/strategy.inputs.js';
import { FocusArea } from './entities/focus-area.entity.js';
import { Goal } from './entities/goal.entity.js';
import { LifeEvent } from './entities/life-event.entity.js';
import { Strategy } from './entities/strategy.entity.js';
import { focusAreasByStrategy, goalsByStrategy, lifeEventsByStrategy } from './strategy.loaders.js';
import { StrategyService } from './strategy.service.js';
import { ListSize } from '../hardening/list-size.js';

@Resolver(() => Strategy)
export class StrategyResolver {
  constructor(private readonly service: StrategyService) {}

  @Public()
  @ListSize('strategies')
  @Query(() => [Strategy], { description: 'Every strategy, the first created first' })
  strategies(): Promise<Strategy[]> {
    return this.service.list();
  }

  @Public()
  @Query(() => Strategy, { nullable: true, description: 'By slug; null when there is none' })
  strategy(@Args('slug') slug: string): Promise<Strategy | null> {
    return this.service.bySlug(slug);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Strategy, { description: 'ADMIN' })
  createStrategy(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateStrategyInput): Promise<Strategy> {
    return this.service.create(viewer, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => FocusArea, { description: 'ADMIN' })
  createFocusArea(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateFocusAreaInput): Promise<FocusArea> {
    return this.service.createFocusArea(viewer, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => LifeEvent, { description: 'ADMIN' })
  createLifeEvent(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateLifeEventInput): Promise<LifeEvent> {
    return this.service.createLifeEvent(viewer, input);
  }

  @ListSize('goalsPerStrategy')
  @ResolveField(() => [Goal], { description: 'Ordered by number' })
  goals(@Parent() strategy: Strategy, @Context() ctx: RequestContext): Promise<Goal[]> {
    return ctx.loaders.load(goalsByStrategy, strategy.id);
  }

  @ListSize('focusAreasPerStrategy')
  @ResolveField(() => [FocusArea], { description: 'Innsatsområder, in the order they were added' })
  focusAreas(@Parent() strategy: Strategy, @Context() ctx: RequestContext): Promise<FocusArea[]> {
    return ctx.loaders.load(focusAreasByStrategy, strategy.id);
  }

  @ListSize('lifeEventsPerStrategy')
  @ResolveField(() => [LifeEvent], { description: 'Livshendelser, in the order they were added' })
  lifeEvents(@Parent() strategy: Strategy, @Context() ctx: RequestContext): Promise<LifeEvent[]> {
    return ctx.loaders.load(lifeEventsByStrategy, strategy.id);
  }
}

@Resolver(() => LifeEvent)
export class LifeEventResolver {
  @ResolveField(() => Organization, { nullable: true, description: 'The ministry responsible for the life event' })
  responsibleMinistry(
    @Parent() lifeEvent: LifeEvent,
    @Context() ctx: RequestContext,
  ): Promise<Organization | null> | null {
    return lifeEvent.responsibleMinistryId ? ctx.loaders.load(organizationById, lifeEvent.responsibleMinistryId) : null;
  }
}
