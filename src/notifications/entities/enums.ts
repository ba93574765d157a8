import { registerEnumType } from '@nestjs/graphql';

export enum NotificationKind {
  ROUND_OPENED = 'ROUND_OPENED',
  REMINDER = 'REMINDER',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  APPROVED = 'APPROVED',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  valuesMap: {
    ROUND_OPENED: {
      description:
        "When a round opens: one notice per recipient, listing all of that recipient's expected (ACTIVE) initiatives, with the admin's message",
    },
    REMINDER: {
      description:
        "One digest per recipient and occasion, listing that recipient's initiatives among the round's `missing`\n" +
        'at the time of the pass. An occasion is one REMINDER_DAYS entry n, sent on the day dueDate - n\n' +
        '(Europe/Oslo) while the round is OPEN; a day that has passed is never caught up, and an occasion already\n' +
        'sent to a recipient is never sent to them again, whatever the due date becomes.',
    },
    SUBMITTED: { description: 'To REVIEWERS_EMAIL when an update is submitted' },
    RETURNED: {
      description:
        "To everyone who saved the update (the email claim each had when saving; none without one), with the reviewer's comment",
    },
    APPROVED: { description: 'To everyone who saved the update (as for RETURNED) when it is approved and published' },
  },
});

export enum SendState {
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  FAILED = 'FAILED',
}
registerEnumType(SendState, {
  name: 'SendState',
  valuesMap: {
    QUEUED: { description: 'Waiting to be sent, or waiting for the next try after a failure' },
    FAILED: { description: 'Given up after the last try; lastError says why' },
  },
});

export enum WebhookEvent {
  UPDATE_PUBLISHED = 'UPDATE_PUBLISHED',
  ROUND_OPENED = 'ROUND_OPENED',
  ROUND_CLOSED = 'ROUND_CLOSED',
  PLAN_CHANGED = 'PLAN_CHANGED',
}
registerEnumType(WebhookEvent, {
  name: 'WebhookEvent',
  valuesMap: {
    UPDATE_PUBLISHED: { description: 'An update was approved: the public overview changed' },
    ROUND_CLOSED: { description: 'A round closed: a new published report exists' },
    PLAN_CHANGED: {
      description:
        'Any other committed write of the public plan: organisations, strategies, goals, key figures and their values, assessments, focus areas, life events, initiatives, deliveries',
    },
  },
});
