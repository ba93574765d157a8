import { Field, Int, ObjectType } from '@nestjs/graphql';
import { QuarterScalar } from '../../common/scalars/index.js';
import { DeliveryStatus } from '../../initiatives/entities/enums.js';
import { ListSize } from '../../hardening/list-size.js';
import { ObstacleCount, StatusCount } from '../../overview/models/overview.model.js';
import { Obstacle } from '../../status-updates/entities/status-update.entity.js';

@ObjectType({
  description: "What statusOverview(period) counts for one period: the plan's standing at the end of that quarter",
})
export class PeriodCounts {
  @Field(() => QuarterScalar)
  period: string;

  @Field(() => Int, { description: "The strategy's initiatives as they are now, as in statusOverview" })
  initiativeCount: number;

  @Field(() => Int)
  notReported: number;

  @ListSize(Object.keys(DeliveryStatus).length)
  @Field(() => [StatusCount], { description: 'One entry per DeliveryStatus, zero counts included, in enum order' })
  statusCounts: StatusCount[];

  @ListSize(Object.keys(Obstacle).length)
  @Field(() => [ObstacleCount], { description: 'One entry per Obstacle, zero counts included, in enum order' })
  obstacleCounts: ObstacleCount[];
}
