import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Public, Role, Roles, type Viewer } from '../auth/index.js';
import type { RequestContext } from '../common/context.js';
import { CreateGoalInput, SetGoalAssessmentInput, UpdateGoalInput } from './dto/goal.inputs.js';
import { GoalAssessment } from './entities/goal-assessment.entity.js';
import { Goal } from './entities/goal.entity.js';
import { Indicator } from './entities/indicator.entity.js';
import { Strategy } from './entities/strategy.entity.js';
import { GoalService } from './goal.service.js';
import { assessmentsByGoal, indicatorsByGoal, strategyById } from './strategy.loaders.js';
import { ListSize } from '../hardening/list-size.js';

@Resolver(() => Goal)
export class GoalResolver {
  constructor(private readonly service: GoalService) {}

  @Public()
  @Query(() => Goal, { nullable: true, description: 'By id; null when there is none' })
  goal(@Args('id', { type: () => ID }) id: string): Promise<Goal | null> {
    return this.service.byId(id);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Goal, { description: 'ADMIN' })
  createGoal(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateGoalInput): Promise<Goal> {
    return this.service.create(viewer, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Goal, { description: 'ADMIN' })
  updateGoal(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateGoalInput,
  ): Promise<Goal> {
    return this.service.update(viewer, id, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => GoalAssessment, { description: 'ADMIN' })
  setGoalAssessment(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: SetGoalAssessmentInput,
  ): Promise<GoalAssessment> {
    return this.service.setAssessment(viewer, input);
  }

  @ResolveField(() => Strategy)
  async strategy(@Parent() goal: Goal, @Context() ctx: RequestContext): Promise<Strategy> {
    return (await ctx.loaders.load(strategyById, goal.strategyId))!;
  }

  @ListSize('indicatorsPerGoal')
  @ResolveField(() => [Indicator], { description: 'Key figures (nøkkeltall), in the order they were created' })
  indicators(@Parent() goal: Goal, @Context() ctx: RequestContext): Promise<Indicator[]> {
    return ctx.loaders.load(indicatorsByGoal, goal.id);
  }

  @ListSize('assessmentsPerGoal')
  @ResolveField(() => [GoalAssessment], { description: 'Yearly status assessments, newest year first' })
  assessments(@Parent() goal: Goal, @Context() ctx: RequestContext): Promise<GoalAssessment[]> {
    return ctx.loaders.load(assessmentsByGoal, goal.id);
  }

  @ResolveField(() => GoalAssessment, { nullable: true, description: 'The assessment of the newest year, or null' })
  async latestAssessment(@Parent() goal: Goal, @Context() ctx: RequestContext): Promise<GoalAssessment | null> {
    const assessments = await ctx.loaders.load(assessmentsByGoal, goal.id);
    return assessments[0] ?? null;
  }
}
