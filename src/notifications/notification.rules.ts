import type { WriteEvent } from '../database/database.js';
import { NotificationKind, WebhookEvent } from './entities/enums.js';

/**
 * What the server sends out for what happened, as pure rules: which events become which e-mails and
 * webhook events, who an initiative's notices go to, the reminder schedule and the backoff of retries.
 */

/** The entity types whose public writes are the plan itself (WebhookEvent.PLAN_CHANGED). */
export const PLAN_ENTITY_TYPES: ReadonlySet<string> = new Set([
  'Organization',
  'Strategy',
  'Goal',
  'Indicator',
  'GoalAssessment',
  'FocusArea',
  'LifeEvent',
  'Initiative',
  'Delivery',
]);

/** An e-mail that a write asks for, before its recipients are read. */
export type MailRequest =
  | { kind: NotificationKind.SUBMITTED; statusUpdateId: string; initiativeId: string; period: string }
  | {
      kind: NotificationKind.RETURNED | NotificationKind.APPROVED;
      statusUpdateId: string;
      initiativeId: string;
      period: string;
      comment: string | null;
    }
  | { kind: NotificationKind.ROUND_OPENED; period: string; dueDate: string | null; message: string | null };

export interface WebhookRequest {
  event: WebhookEvent;
  data: Record<string, string>;
}

export interface OutgoingMessages {
  mails: MailRequest[];
  webhooks: WebhookRequest[];
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The e-mails and webhook events a committed write sends, from the events it recorded (Transaction.record).
 * Events of no interest give nothing, so most writes cost no statement here.
 */
export function outgoingMessages(events: readonly WriteEvent[]): OutgoingMessages {
  const mails: MailRequest[] = [];
  const webhooks: WebhookRequest[] = [];
  for (const event of events) {
    const after = (event.after ?? {}) as Record<string, unknown>;
    const update = () => ({
      statusUpdateId: event.entityId,
      initiativeId: String(after.initiativeId),
      period: String(after.period),
    });
    switch (event.action) {
      case 'statusUpdate.submit':
        mails.push({ kind: NotificationKind.SUBMITTED, ...update() });
        break;
      case 'statusUpdate.return':
        mails.push({ kind: NotificationKind.RETURNED, ...update(), comment: text(after.reviewComment) });
        break;
      case 'statusUpdate.approve':
        mails.push({ kind: NotificationKind.APPROVED, ...update(), comment: text(after.reviewComment) });
        webhooks.push({ event: WebhookEvent.UPDATE_PUBLISHED, data: update() });
        break;
      case 'reportingRound.open':
        mails.push({
          kind: NotificationKind.ROUND_OPENED,
          period: event.entityId,
          dueDate: text(after.dueDate),
          message: text(after.message),
        });
        webhooks.push({ event: WebhookEvent.ROUND_OPENED, data: { period: event.entityId } });
        break;
      case 'reportingRound.close':
        webhooks.push({ event: WebhookEvent.ROUND_CLOSED, data: { period: event.entityId } });
        break;
      default:
        if (event.public !== false && PLAN_ENTITY_TYPES.has(event.entityType)) {
          webhooks.push({
            event: WebhookEvent.PLAN_CHANGED,
            data: { entityType: event.entityType, entityId: event.entityId },
          });
        }
    }
  }
  return { mails, webhooks };
}

/** An address as the record keeps it: trimmed and in lower case, so one person is one recipient. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * Who an initiative's owner-side notices go to: its contacts that have an e-mail address, or, when none
 * has, its executing agency's reporting address; nobody when neither is there.
 */
export function initiativeRecipients(
  contacts: readonly { email?: string | null }[] | null | undefined,
  agencyReportingEmail: string | null | undefined,
): string[] {
  const fromContacts = (contacts ?? [])
    .map((c) => (typeof c.email === 'string' ? normalizeAddress(c.email) : ''))
    .filter((email) => email.length > 0);
  if (fromContacts.length > 0) return [...new Set(fromContacts)];
  return agencyReportingEmail && agencyReportingEmail.trim() ? [normalizeAddress(agencyReportingEmail)] : [];
}

/**
 * One entry per recipient with every initiative that goes to them, in the order given (callers pass them in
 * code order): the digests of ROUND_OPENED and REMINDER.
 */
export function byRecipient<T>(items: readonly { item: T; recipients: readonly string[] }[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const { item, recipients } of items) {
    for (const recipient of recipients) {
      const list = out.get(recipient);
      if (list) list.push(item);
      else out.set(recipient, [item]);
    }
  }
  return out;
}

/** YYYY-MM-DD plus `days` (negative: before), on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The REMINDER_DAYS entry whose day is `today` for a round due on `dueDate` (occasion n falls on
 * dueDate - n), or null when none is. Only today counts: a day that has passed is never caught up, and a
 * later pass on the same day finds the same occasion (the unique key then keeps it from being sent twice).
 */
export function reminderOccasion(dueDate: string, today: string, reminderDays: readonly number[]): number | null {
  for (const n of reminderDays) if (addDays(dueDate, -n) === today) return n;
  return null;
}

/**
 * How long to wait before try number `attemptsMade + 1`: RETRY_BASE_MS times 1, 4, 16, ... (the wait after
 * the first try is the base). Null when no try is left.
 */
export function retryDelayMs(attemptsMade: number, maxAttempts: number, baseMs: number): number | null {
  if (attemptsMade >= maxAttempts) return null;
  return baseMs * 4 ** Math.max(0, attemptsMade - 1);
}

/**
 * The rounds that have a reminder occasion today, each with that occasion: the pure part of the reminder
 * pass (the rest reads the missing initiatives and makes the digests).
 */
export function dueOccasions<R extends { period: string; dueDate: string }>(
  rounds: readonly R[],
  today: string,
  reminderDays: readonly number[],
): (R & { occasion: number })[] {
  const due: (R & { occasion: number })[] = [];
  for (const round of rounds) {
    const occasion = reminderOccasion(round.dueDate, today, reminderDays);
    if (occasion !== null) due.push({ ...round, occasion });
  }
  return due;
}
