import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar, QuarterScalar } from '../../common/scalars/index.js';
import { DeliveryStatus } from '../../initiatives/entities/enums.js';
import { Initiative } from '../../initiatives/entities/initiative.entity.js';
import { Obstacle, StatusUpdate } from '../../status-updates/entities/status-update.entity.js';
import { Goal } from '../../strategy/entities/goal.entity.js';
import { Strategy } from '../../strategy/entities/strategy.entity.js';
import { ListSize } from '../../hardening/list-size.js';

const STATUSES = Object.keys(DeliveryStatus).length;
const OBSTACLES = Object.keys(Obstacle).length;

@ObjectType({ description: 'How many initiatives have one delivery status' })
export class StatusCount {
  @Field(() => DeliveryStatus)
  status: DeliveryStatus;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'How many initiatives name one obstacle in the update shown for them' })
export class ObstacleCount {
  @Field(() => Obstacle)
  obstacle: Obstacle;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: "An initiative's standing as of the end of a period" })
export class InitiativeStatus {
  @Field(() => Initiative)
  initiative: Initiative;

  @Field(() => StatusUpdate, {
    nullable: true,
    description: "The newest APPROVED update with period <= the overview's period; null if none",
  })
  update: StatusUpdate | null;

  @Field(() => DeliveryStatus, { nullable: true })
  status: DeliveryStatus | null;

  @Field({ description: "True when update.period equals the overview's period" })
  upToDate: boolean;
}

@ObjectType({ description: "One goal's part of the status overview" })
export class GoalOverview {
  @Field(() => Goal)
  goal: Goal;

  @Field(() => Int)
  initiativeCount: number;

  @ListSize(STATUSES)
  @Field(() => [StatusCount], { description: 'One entry per DeliveryStatus, zero counts included, in enum order' })
  statusCounts: StatusCount[];

  @Field(() => Int, { description: 'Initiatives with no approved update up to the period' })
  notReported: number;

  @ListSize('overviewInitiativesPerGoal')
  @Field(() => [InitiativeStatus], { description: 'Ordered by code, naturally' })
  initiatives: InitiativeStatus[];
}

@ObjectType({
  description:
    "What the portal's status page shows: every initiative of a strategy, grouped by goal. An initiative serving " +
    'two goals appears under both; the strategy totals count it once.',
})
export class StatusOverview {
  @Field(() => Strategy)
  strategy: Strategy;

  @Field(() => QuarterScalar)
  period: string;

  @Field(() => Int)
  initiativeCount: number;

  @ListSize(STATUSES)
  @Field(() => [StatusCount], {
    description: 'Each initiative once: one entry per DeliveryStatus, zero counts included, in enum order',
  })
  statusCounts: StatusCount[];

  @Field(() => Int)
  notReported: number;

  @ListSize(OBSTACLES)
  @Field(() => [ObstacleCount], {
    description:
      "Over each initiative's update shown here (its newest approved one up to the period, once per initiative): " +
      'one entry per Obstacle, zero counts included, in enum order',
  })
  obstacleCounts: ObstacleCount[];

  @ListSize('goalsPerStrategy')
  @Field(() => [GoalOverview], { description: 'Ordered by goal number' })
  goals: GoalOverview[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the newest update counted here was published' })
  lastPublishedAt: Date | null;
}

@ObjectType({
  description:
    "The state of one quarter's reporting. The four state counts count the period's updates, whatever the " +
    "initiative's lifecycle.",
})
export class ReportingRound {
  @Field(() => QuarterScalar)
  period: string;

  @Field(() => Int, { description: 'Initiatives that are ACTIVE' })
  expected: number;

  @Field(() => Int)
  drafts: number;

  @Field(() => Int)
  submitted: number;

  @Field(() => Int)
  approved: number;

  @Field(() => Int)
  returned: number;

  @ListSize('activeInitiatives')
  @Field(() => [Initiative], {
    description: 'ACTIVE initiatives with no update in SUBMITTED or APPROVED state for the period, ordered by code',
  })
  missing: Initiative[];
}
