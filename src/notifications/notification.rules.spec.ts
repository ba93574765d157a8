import { osloDay } from '../common/quarter.js';
import type { WriteEvent } from '../database/database.js';
import { NotificationKind, WebhookEvent } from './entities/enums.js';
import {
  addDays,
  byRecipient,
  dueOccasions,
  initiativeRecipients,
  outgoingMessages,
  reminderOccasion,
  retryDelayMs,
} from './notification.rules.js';

const event = (values: Partial<WriteEvent> & Pick<WriteEvent, 'action' | 'entityType'>): WriteEvent => ({
  entityId: 'id-1',
  after: {},
  ...values,
});

describe('outgoingMessages', () => {
  const update = { initiativeId: 'i-1', period: '2025-Q3', reviewComment: 'Mer om risiko' };

  it('sends SUBMITTED for a submission, RETURNED with the comment, APPROVED and UPDATE_PUBLISHED for an approval', () => {
    const out = outgoingMessages([
      event({
        action: 'statusUpdate.submit',
        entityType: 'StatusUpdate',
        entityId: 'u-1',
        after: update,
        public: false,
      }),
      event({
        action: 'statusUpdate.return',
        entityType: 'StatusUpdate',
        entityId: 'u-2',
        after: update,
        public: false,
      }),
      event({ action: 'statusUpdate.approve', entityType: 'StatusUpdate', entityId: 'u-3', after: update }),
    ]);
    expect(out.mails).toEqual([
      { kind: NotificationKind.SUBMITTED, statusUpdateId: 'u-1', initiativeId: 'i-1', period: '2025-Q3' },
      {
        kind: NotificationKind.RETURNED,
        statusUpdateId: 'u-2',
        initiativeId: 'i-1',
        period: '2025-Q3',
        comment: 'Mer om risiko',
      },
      {
        kind: NotificationKind.APPROVED,
        statusUpdateId: 'u-3',
        initiativeId: 'i-1',
        period: '2025-Q3',
        comment: 'Mer om risiko',
      },
    ]);
    expect(out.webhooks).toEqual([
      { event: WebhookEvent.UPDATE_PUBLISHED, data: { statusUpdateId: 'u-3', initiativeId: 'i-1', period: '2025-Q3' } },
    ]);
  });

  it('sends nothing for a saved draft, and no PLAN_CHANGED for what anonymous callers cannot see', () => {
    expect(
      outgoingMessages([
        event({ action: 'statusUpdate.save', entityType: 'StatusUpdate', public: false }),
        event({ action: 'statusUpdate.withdraw', entityType: 'StatusUpdate', public: false }),
        event({ action: 'webhook.create', entityType: 'Webhook', public: false }),
        event({ action: 'initiative.update', entityType: 'Initiative', public: false }),
      ]),
    ).toEqual({ mails: [], webhooks: [] });
  });

  it.each([
    ['organization.update', 'Organization'],
    ['strategy.create', 'Strategy'],
    ['goal.update', 'Goal'],
    ['indicator.create', 'Indicator'],
    ['indicator.recordValue', 'Indicator'],
    ['goalAssessment.set', 'GoalAssessment'],
    ['focusArea.create', 'FocusArea'],
    ['lifeEvent.create', 'LifeEvent'],
    ['initiative.update', 'Initiative'],
    ['delivery.add', 'Delivery'],
  ])('sends PLAN_CHANGED for %s', (action, entityType) => {
    expect(outgoingMessages([event({ action, entityType, entityId: 'x-9' })])).toEqual({
      mails: [],
      webhooks: [{ event: WebhookEvent.PLAN_CHANGED, data: { entityType, entityId: 'x-9' } }],
    });
  });

  it('sends ROUND_OPENED to owners and portals when a round opens, ROUND_CLOSED when it closes, nothing for a moved due date', () => {
    const round = { period: '2025-Q3', dueDate: '2025-10-15', message: 'Husk risiko' };
    const out = outgoingMessages([
      event({ action: 'reportingRound.open', entityType: 'ReportingRound', entityId: '2025-Q3', after: round }),
      event({ action: 'reportingRound.setDueDate', entityType: 'ReportingRound', entityId: '2025-Q3', after: round }),
      event({ action: 'reportingRound.close', entityType: 'ReportingRound', entityId: '2025-Q3', after: round }),
    ]);
    expect(out.mails).toEqual([
      { kind: NotificationKind.ROUND_OPENED, period: '2025-Q3', dueDate: '2025-10-15', message: 'Husk risiko' },
    ]);
    expect(out.webhooks).toEqual([
      { event: WebhookEvent.ROUND_OPENED, data: { period: '2025-Q3' } },
      { event: WebhookEvent.ROUND_CLOSED, data: { period: '2025-Q3' } },
    ]);
  });
});

describe('initiativeRecipients', () => {
  it('takes the contacts with an e-mail address, in lower case and once each', () => {
    expect(
      initiativeRecipients(
        [{ email: 'Kari@Example.no' }, { email: null }, { email: 'ola@example.no' }, { email: 'kari@example.no ' }],
        'post@etat.no',
      ),
    ).toEqual(['kari@example.no', 'ola@example.no']);
  });

  it("falls back to the agency's reporting address when no contact has one, and to nobody without it", () => {
    expect(initiativeRecipients([{ email: null }, {}], 'Post@Etat.no')).toEqual(['post@etat.no']);
    expect(initiativeRecipients([], null)).toEqual([]);
    expect(initiativeRecipients(null, '  ')).toEqual([]);
  });
});

describe('byRecipient', () => {
  it('gives each recipient one entry with all of their initiatives, in the order given', () => {
    const digests = byRecipient([
      { item: '1.1', recipients: ['a@x.no', 'b@x.no'] },
      { item: '1.2', recipients: ['b@x.no'] },
      { item: '1.3', recipients: [] },
      { item: '2.1', recipients: ['a@x.no'] },
    ]);
    expect([...digests]).toEqual([
      ['a@x.no', ['1.1', '2.1']],
      ['b@x.no', ['1.1', '1.2']],
    ]);
  });
});

describe('the reminder schedule', () => {
  it('counts days in Europe/Oslo, across midnight and summer time', () => {
    expect(osloDay(new Date('2025-03-30T21:59:59Z'))).toBe('2025-03-30'); // 23:59:59 CEST
    expect(osloDay(new Date('2025-03-30T22:00:00Z'))).toBe('2025-03-31');
    expect(osloDay(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01'); // 00:30 CET
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  const days = [14, 3, -1, -7];

  it.each([
    ['2025-10-15', '2025-10-01', 14],
    ['2025-10-15', '2025-10-12', 3],
    ['2025-10-15', '2025-10-16', -1],
    ['2025-10-15', '2025-10-22', -7],
  ])('finds the occasion of a round due %s on %s: %s', (due, today, occasion) => {
    expect(reminderOccasion(due, today, days)).toBe(occasion);
  });

  it('finds none on the other days, and never catches up a day that has passed', () => {
    for (const today of ['2025-10-02', '2025-10-13', '2025-10-15', '2025-10-17', '2025-10-23', '2025-11-30']) {
      expect(reminderOccasion('2025-10-15', today, days)).toBeNull();
    }
  });

  it('follows a moved due date: the occasion is that of the new date', () => {
    // Due on the 15th, moved to the 18th on the 12th: the 3-day reminder is now due on the 15th, not today.
    expect(reminderOccasion('2025-10-18', '2025-10-12', days)).toBeNull();
    expect(reminderOccasion('2025-10-18', '2025-10-15', days)).toBe(3);
  });

  it('picks the rounds with an occasion today, each with it', () => {
    const rounds = [
      { period: '2025-Q1', dueDate: '2025-10-11' },
      { period: '2025-Q2', dueDate: '2025-10-13' },
      { period: '2025-Q3', dueDate: '2025-10-24' },
      { period: '2025-Q4', dueDate: '2025-10-30' },
    ];
    expect(dueOccasions(rounds, '2025-10-10', days)).toEqual([
      { period: '2025-Q2', dueDate: '2025-10-13', occasion: 3 },
      { period: '2025-Q3', dueDate: '2025-10-24', occasion: 14 },
    ]);
    expect(dueOccasions(rounds, '2025-10-12', days)).toEqual([
      { period: '2025-Q1', dueDate: '2025-10-11', occasion: -1 },
    ]);
  });
});

describe('retryDelayMs', () => {
  it('waits the base, then four times as long each time, and stops at the last try', () => {
    expect([1, 2, 3, 4, 5].map((made) => retryDelayMs(made, 6, 10_000))).toEqual([
      10_000, 40_000, 160_000, 640_000, 2_560_000,
    ]);
    expect(retryDelayMs(6, 6, 10_000)).toBeNull();
    expect(retryDelayMs(1, 1, 10_000)).toBeNull();
  });

  it('keeps webhooks trying for about a day with the defaults (8 tries, 10 s)', () => {
    let total = 0;
    for (let made = 1; made < 8; made++) total += retryDelayMs(made, 8, 10_000)!;
    expect(total / 3_600_000).toBeGreaterThan(12);
    expect(total / 3_600_000).toBeLessThan(30);
  });
});
