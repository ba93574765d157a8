import { DeliveryState } from './entities/enums.js';
import { isOverdue, todayInOslo } from './delivery-dates.js';

describe('todayInOslo', () => {
  it('is the date in Oslo, not in UTC', () => {
    // 23:30 UTC on 31 December is already New Year's Day in Oslo (UTC+1 in winter).
    expect(todayInOslo(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    // 22:30 UTC on 30 June is 00:30 on 1 July in Oslo (UTC+2 in summer).
    expect(todayInOslo(new Date('2024-06-30T22:30:00Z'))).toBe('2024-07-01');
    expect(todayInOslo(new Date('2024-06-30T21:59:00Z'))).toBe('2024-06-30');
  });
});

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
