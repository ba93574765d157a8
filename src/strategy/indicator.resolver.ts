import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Role, Roles, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { CreateIndicatorInput, RecordIndicatorValueInput } from './dto/indicator.inputs.js';
import { Goal } from './entities/goal.entity.js';
import { Indicator, IndicatorValue } from './entities/indicator.entity.js';
import { IndicatorService } from './indicator.service.js';
import { IndicatorTrendModel } from './models/indicator-trend.model.js';
import { goalById, valuesByIndicator } from './strategy.loaders.js';
import { computeTrend } from './trend.js';
import { ListSize } from '../hardening/list-size.js';

@Resolver(() => Indicator)
export class IndicatorResolver {
  constructor(private readonly service: IndicatorService) {}

  @Roles(Role.ADMIN)
  @Mutation(() => Indicator, { description: 'ADMIN' })
  createIndicator(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateIndicatorInput): Promise<Indicator> {
    return this.service.create(viewer, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Indicator, { description: 'ADMIN' })
  recordIndicatorValue(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: RecordIndicatorValueInput,
  ): Promise<Indicator> {
    return this.service.recordValue(viewer, input);
  }

  @ResolveField(() => Goal)
  async goal(@Parent() indicator: Indicator, @Context() ctx: RequestContext): Promise<Goal> {
    return (await ctx.loaders.load(goalById, indicator.goalId))!;
  }

  @ListSize('valuesPerIndicator')
  @ResolveField(() => [IndicatorValue], { description: 'Oldest year first' })
  values(@Parent() indicator: Indicator, @Context() ctx: RequestContext): Promise<IndicatorValue[]> {
    return ctx.loaders.load(valuesByIndicator, indicator.id);
  }

  @ResolveField(() => IndicatorValue, { nullable: true, description: 'The value of the newest year, or null' })
  async latest(@Parent() indicator: Indicator, @Context() ctx: RequestContext): Promise<IndicatorValue | null> {
    const values = await ctx.loaders.load(valuesByIndicator, indicator.id);
    return values[values.length - 1] ?? null;
  }

  @ResolveField(() => IndicatorTrendModel, {
    nullable: true,
    description: 'The latest value against the one before it; null with fewer than two values',
  })
  async trend(@Parent() indicator: Indicator, @Context() ctx: RequestContext): Promise<IndicatorTrendModel | null> {
    return computeTrend(indicator.unit, indicator.betterWhen, await ctx.loaders.load(valuesByIndicator, indicator.id));
  }
}
