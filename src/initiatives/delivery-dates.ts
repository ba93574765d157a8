import { DeliveryState } from './entities/enums.js';

// en-CA writes dates as YYYY-MM-DD; made once, since building a format costs far more than using one.
const OSLO_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date (YYYY-MM-DD) in the strategy's own calendar, Europe/Oslo. */
export function todayInOslo(now: Date = new Date()): string {
  return OSLO_DATE.format(now);
}

/** A delivery is overdue when it is still PLANNED and its due date has passed (a delivery due today is not). */
export function isOverdue(
  delivery: { state: DeliveryState; dueDate: string | null },
  today: string = todayInOslo(),
): boolean {
  return delivery.state === DeliveryState.PLANNED && delivery.dueDate !== null && delivery.dueDate < today;
}
