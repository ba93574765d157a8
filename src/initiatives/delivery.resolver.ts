import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Role, Roles, type Viewer } from '../auth/index.js';
import { DeliveryService } from './delivery.service.js';
import { isOverdue } from './delivery-dates.js';
import { DeliveryInput, UpdateDeliveryInput } from './dto/delivery.inputs.js';
import { Delivery } from './entities/delivery.entity.js';

@Resolver(() => Delivery)
export class DeliveryResolver {
  constructor(private readonly deliveries: DeliveryService) {}

  // The row rule (an OWNER only for their own organisation's initiatives) is checked in the service.
  @Roles(Role.ADMIN, Role.OWNER)
  @Mutation(() => Delivery, { description: "OWNER of the initiative's executing agency, or ADMIN" })
  addDelivery(
    @CurrentViewer() viewer: Viewer,
    @Args('initiativeId', { type: () => ID }) initiativeId: string,
    @Args('input') input: DeliveryInput,
  ): Promise<Delivery> {
    return this.deliveries.add(viewer, initiativeId, input);
  }

  @Roles(Role.ADMIN, Role.OWNER)
  @Mutation(() => Delivery, {
    description: "OWNER of the initiative's executing agency, or ADMIN; fields left out stay as they are",
  })
  updateDelivery(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateDeliveryInput,
  ): Promise<Delivery> {
    return this.deliveries.update(viewer, id, input);
  }

  @ResolveField(() => Boolean, { description: 'PLANNED with a due date before today (Europe/Oslo)' })
  overdue(@Parent() delivery: Delivery): boolean {
    return isOverdue(delivery);
  }
}
