import { registerEnumType } from '@nestjs/graphql';

export enum InitiativeLifecycle {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  DISCONTINUED = 'DISCONTINUED',
}
registerEnumType(InitiativeLifecycle, { name: 'InitiativeLifecycle' });

/**
 * An initiative's delivery status in a quarterly update. It lives here because approval records the
 * current status on the initiative row, which the initiative listing filters on.
 */
export enum DeliveryStatus {
  NOT_STARTED = 'NOT_STARTED',
  ON_TRACK = 'ON_TRACK',
  MINOR_DELAYS = 'MINOR_DELAYS',
  MAJOR_DELAYS = 'MAJOR_DELAYS',
  COMPLETED = 'COMPLETED',
  STOPPED = 'STOPPED',
}
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: "An initiative's delivery status in a quarterly update",
  valuesMap: {
    NOT_STARTED: { description: 'Ikke startet' },
    ON_TRACK: { description: 'På plan (green)' },
    MINOR_DELAYS: { description: 'Mindre forsinkelser (yellow): some deviation from plan' },
    MAJOR_DELAYS: { description: 'Store forsinkelser (red): substantial deviation, delivery as planned unlikely' },
    COMPLETED: { description: 'Ferdigstilt' },
    STOPPED: { description: 'Stanset: stopped before completion' },
  },
});

export enum DeliveryState {
  PLANNED = 'PLANNED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(DeliveryState, { name: 'DeliveryState' });
