import { DeliveryState } from './entities/enums.js';

/** Today's date (YYYY-MM-DD) in the strategy's own calendar, Europe/Oslo. */
export function todayInOslo(now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Oslo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** A delivery is overdue when it is still PLANNED and its due date has passed (a delivery due today is not). */
export function isOverdue(
  delivery: { state: DeliveryState; dueDate: string | null },
  today: string = todayInOslo(),
): boolean {
  return delivery.state === DeliveryState.PLANNED && delivery.dueDate !== null && delivery.dueDate < today;
}
