import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public, Role, Roles, seesPeople, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { Organization } from '../organizations/entities/organization.entity.js';
import { organizationById } from '../organizations/organization.loaders.js';
import { FocusArea } from '../strategy/entities/focus-area.entity.js';
import { Goal } from '../strategy/entities/goal.entity.js';
import { LifeEvent } from '../strategy/entities/life-event.entity.js';
import { Strategy } from '../strategy/entities/strategy.entity.js';
import { focusAreaById, strategyById } from '../strategy/strategy.loaders.js';
import { InitiativeFilter, InitiativeOrder } from './dto/initiative-filter.input.js';
import { CreateInitiativeInput, UpdateInitiativeInput } from './dto/initiative.inputs.js';
import { Delivery } from './entities/delivery.entity.js';
import { Initiative } from './entities/initiative.entity.js';
import {
  deliveriesByInitiative,
  goalsByInitiative,
  lifeEventsByInitiative,
  partnersByInitiative,
} from './initiative.loaders.js';
import { InitiativeService } from './initiative.service.js';
import { InitiativeConnection } from './models/initiative-connection.model.js';
import { ContactPerson, Link } from './models/initiative-values.model.js';
import { ListSize } from '../hardening/list-size.js';

@Resolver(() => Initiative)
export class InitiativeResolver {
  constructor(private readonly service: InitiativeService) {}

  @Public()
  @Query(() => InitiativeConnection, { description: 'first defaults to 50; more than 200 is BAD_USER_INPUT' })
  initiatives(
    @Args('filter', { type: () => InitiativeFilter, nullable: true }) filter?: InitiativeFilter | null,
    @Args('orderBy', { type: () => InitiativeOrder, nullable: true, defaultValue: InitiativeOrder.CODE })
    orderBy?: InitiativeOrder | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', {
      type: () => String,
      nullable: true,
      description: 'endCursor of the previous page, from a listing in the same order',
    })
    after?: string | null,
  ): Promise<InitiativeConnection> {
    return this.service.list(filter ?? {}, { orderBy, first, after });
  }

  @Public()
  @Query(() => Initiative, { nullable: true, description: 'Null when no initiative has this id (or it is not an id)' })
  initiative(@Args('id', { type: () => ID }) id: string): Promise<Initiative | null> {
    return this.service.byId(id);
  }

  @Public()
  @Query(() => Initiative, {
    nullable: true,
    description: 'By strategy slug and code, e.g. 2.4; null when there is none',
  })
  initiativeByCode(@Args('strategy') strategy: string, @Args('code') code: string): Promise<Initiative | null> {
    return this.service.byCode(strategy, code);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Initiative, { description: 'ADMIN' })
  createInitiative(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateInitiativeInput): Promise<Initiative> {
    return this.service.create(viewer, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Initiative, { description: 'ADMIN' })
  updateInitiative(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateInitiativeInput,
    @Args('expectedVersion', {
      type: () => Int,
      nullable: true,
      description: "When given and not the initiative's version: CONFLICT, and nothing is written",
    })
    expectedVersion?: number | null,
  ): Promise<Initiative> {
    return this.service.update(viewer, id, input, expectedVersion);
  }

  @ResolveField(() => Strategy)
  async strategy(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<Strategy> {
    return (await ctx.loaders.load(strategyById, initiative.strategyId))!;
  }

  @ListSize('goalsPerInitiative')
  @ResolveField(() => [Goal], { description: 'At least one' })
  goals(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<Goal[]> {
    return ctx.loaders.load(goalsByInitiative, initiative.id);
  }

  @ResolveField(() => FocusArea, { nullable: true })
  focusArea(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<FocusArea | null> | null {
    return initiative.focusAreaId ? ctx.loaders.load(focusAreaById, initiative.focusAreaId) : null;
  }

  @ListSize('lifeEventsPerInitiative')
  @ResolveField(() => [LifeEvent], { description: 'In the order given' })
  lifeEvents(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<LifeEvent[]> {
    return ctx.loaders.load(lifeEventsByInitiative, initiative.id);
  }

  @ResolveField(() => Organization, { nullable: true })
  responsibleMinistry(
    @Parent() initiative: Initiative,
    @Context() ctx: RequestContext,
  ): Promise<Organization | null> | null {
    return initiative.responsibleMinistryId
      ? ctx.loaders.load(organizationById, initiative.responsibleMinistryId)
      : null;
  }

  /**
   * Without parameter decorators Nest hands over graphql-js's own arguments (parent, args, context) and
   * skips its per-call parameter pipeline: this field is read once per initiative of the portal's
   * overview, where that pipeline cost more than the SQL (bench/RESULTS.md).
   */
  @ResolveField(() => Organization, {
    description: 'The owner: OWNER users of this organisation post its quarterly updates',
  })
  executingAgency(
    initiative: Initiative,
    _args: unknown,
    ctx: RequestContext,
  ): Organization | Promise<Organization | null> {
    const id = initiative.executingAgencyId;
    return ctx.loaders.peek(organizationById, id) ?? ctx.loaders.load(organizationById, id);
  }

  @ListSize('partnersPerInitiative')
  @ResolveField(() => [Organization], { description: 'In the order given' })
  partners(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<Organization[]> {
    return ctx.loaders.load(partnersByInitiative, initiative.id);
  }

  @ListSize('contactsPerInitiative')
  @ResolveField(() => [ContactPerson], { description: 'E-mail addresses are null for anonymous callers' })
  contacts(@Parent() initiative: Initiative, @Context() ctx: RequestContext): ContactPerson[] {
    const showEmail = seesPeople(ctx.viewer);
    return (initiative.contacts ?? []).map((c) => ({
      name: c.name,
      email: showEmail ? (c.email ?? null) : null,
      role: c.role ?? null,
    }));
  }

  @ListSize('linksPerInitiative')
  @ResolveField(() => [Link])
  links(@Parent() initiative: Initiative): Link[] {
    return (initiative.links ?? []).map((l) => ({ title: l.title, url: l.url }));
  }

  @ListSize('deliveriesPerInitiative')
  @ResolveField(() => [Delivery], { description: 'Ordered by due date, undated last' })
  deliveries(@Parent() initiative: Initiative, @Context() ctx: RequestContext): Promise<Delivery[]> {
    return ctx.loaders.load(deliveriesByInitiative, initiative.id);
  }
}
