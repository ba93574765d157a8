import { DeliveryState } from './entities/enums.js';
import { isOverdue } from './delivery-dates.js';

describe('isOverdue', () => {
  const today = '2025-03-15';
  it.each([
    [DeliveryState.PLANNED, '2025-03-14', true],
    [DeliveryState.PLANNED, '2025-03-15', false],
    [DeliveryState.PLANNED, '2025-03-16', false],
    [DeliveryState.PLANNED, null, false],
    [DeliveryState.DONE, '2020-01-01', false],
    [DeliveryState.CANCELLED, '2020-01-01', false],
  ])('%s due %s: %s', (state, dueDate, expected) => {
    expect(isOverdue({ state, dueDate }, today)).toBe(expected);
  });
});
