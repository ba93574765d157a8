import { osloDay } from '../common/quarter.js';
import { DeliveryState } from './entities/enums.js';

/** A delivery is overdue when it is still PLANNED and its due date has passed (a delivery due today is not). */
export function isOverdue(
  delivery: { state: DeliveryState; dueDate: string | null },
  today: string = osloDay(),
): boolean {
  return delivery.state === DeliveryState.PLANNED && delivery.dueDate !== null && delivery.dueDate < today;
}
