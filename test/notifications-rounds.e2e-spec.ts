import { Webhook } from 'standardwebhooks';
import { ReminderService } from '../src/notifications/reminder.service.js';
import { osloDay } from '../src/common/quarter.js';
import { addDays } from '../src/notifications/notification.rules.js';
import { insertGoal, insertInitiative, insertOrganization, insertStrategy } from './support/plan-fixtures.js';
import { startSmtpReceiver, SmtpReceiver } from './support/smtp-receiver.js';
import { SAVE, saveInput, SUBMIT, LAST_QUARTER, THIS_QUARTER, TWO_QUARTERS_AGO } from './support/status-updates.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';
import { until } from './support/until.js';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver.js';
import { previousQuarter } from '../src/common/quarter.js';
import { graphql } from './graphql/graphql.js';

const OPEN = graphql(
  `mutation NoticeRoundOpen($input: OpenReportingRoundInput!) { openReportingRound(input: $input) { period state dueDate version } }`,
);
const MOVE = graphql(
  `mutation NoticeRoundMove($period: Quarter!, $dueDate: Date!) { setReportingRoundDueDate(period: $period, dueDate: $dueDate) { dueDate } }`,
);
const CLOSE = graphql(
  `mutation NoticeRoundClose($period: Quarter!) { closeReportingRound(period: $period) { state } }`,
);

const admin: TokenOptions = { role: Role.ADMIN, sub: 'round-admin' };
const today = osloDay();
const THREE_QUARTERS_AGO = previousQuarter(TWO_QUARTERS_AGO);
const FOUR_QUARTERS_AGO = previousQuarter(THREE_QUARTERS_AGO);

/**
 * The round's notices through the real rounds module: ROUND_OPENED to every expected initiative's
 * recipients, the reminder digests on the days of REMINDER_DAYS (run now through the container; there is
 * no mutation for it), and the round webhooks.
 */
describe('round notices and reminders', () => {
  let smtp: SmtpReceiver;
  let hooks: WebhookReceiver;
  let t: TestApp;
  let secret: string;
  let agencyA: { id: string; orgNumber: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hooks = await startWebhookReceiver();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://plan.example.no',
        REMINDER_SCAN_S: '3600',
        RETRY_BASE_MS: '50',
        QUEUE_POLL_MS: '500',
        RATE_LIMIT_WRITES: '0',
        WEBHOOKS_ALLOW_PRIVATE: 'true',
      },
    });
    const strategy = await insertStrategy(t);
    const goal = await insertGoal(t, strategy.id, 1);
    agencyA = await insertOrganization(t, { name: 'Etat A' });
    const agencyB = await insertOrganization(t, { name: 'Etat B' });
    await t.sql(`UPDATE organization SET reporting_email = 'Post@EtatA.no' WHERE id = $1`, [agencyA.id]);
    const initiative = (code: string, agency: string, contacts: (string | null)[], lifecycle = 'ACTIVE') =>
      insertInitiative(t, {
        strategyId: strategy.id,
        code,
        title: `Tiltak ${code} <og> «mer»`,
        goalIds: [goal],
        executingAgencyId: agency,
        lifecycle,
        contacts: contacts.map((email, i) => ({ name: `Kontakt ${i}`, email, role: null })),
      });
    ids.i1 = await initiative('1.1', agencyA.id, ['kari@etata.no', 'Ola@EtatA.no']);
    ids.i2 = await initiative('1.2', agencyA.id, ['kari@etata.no']);
    ids.i3 = await initiative('1.3', agencyA.id, [null]); // no contact e-mail: the agency's reportingEmail
    ids.i4 = await initiative('1.4', agencyB.id, []); // nobody to tell
    ids.i5 = await initiative('1.5', agencyA.id, ['planlagt@etata.no'], 'PLANNED'); // not expected
    secret = (
      await t.ok(
        graphql(`mutation NoticeRoundWebhook($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`),
        { input: { url: `${hooks.url}/rounds`, events: ['ROUND_OPENED', 'ROUND_CLOSED'] } },
        admin,
      )
    ).createWebhook.secret;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await hooks?.close();
  });

  const mailsOfKind = async (kind: string) =>
    t.sql(
      `SELECT recipient, period, occasion, initiative_ids, state FROM notification WHERE kind = $1 ORDER BY period DESC, recipient`,
      [kind],
    );
  const settled = () =>
    until(
      async () => (await t.sql(`SELECT 1 FROM pgboss.job WHERE state < 'completed'`)).length === 0,
      20_000,
      'every job to be done',
    );

  it("sends ROUND_OPENED to each expected initiative's recipients, one per recipient with all their initiatives", async () => {
    await t.ok(
      OPEN,
      { input: { period: THIS_QUARTER, dueDate: addDays(today, 30), message: 'Husk <risiko> & hindringer' } },
      admin,
    );
    const mails = await smtp.waitFor(3);
    await settled();
    expect(smtp.mails).toHaveLength(3);
    const to = (address: string) => smtp.mails.find((m) => m.to.includes(address))!;
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['kari@etata.no', 'ola@etata.no', 'post@etata.no']);
    expect(to('kari@etata.no').text).toContain(
      '- 1.1 Tiltak 1.1 <og> «mer»: https://plan.example.no/status/tiltak/1.1',
    );
    expect(to('kari@etata.no').text).toContain('- 1.2 Tiltak 1.2');
    expect(to('kari@etata.no').text).toContain('> Husk <risiko> & hindringer');
    expect(to('kari@etata.no').html).toContain('Husk &lt;risiko&gt; &amp; hindringer');
    expect(to('kari@etata.no').html).toContain('1.1 Tiltak 1.1 &lt;og&gt; «mer»');
    expect(to('ola@etata.no').text).not.toContain('1.2');
    expect(to('post@etata.no').text).toContain('- 1.3 ');
    for (const mail of mails) expect(mail.text).not.toMatch(/1\.4|1\.5/);
    expect(mails[0].subject).toMatch(/^Rapporteringsrunden for \d\. kvartal \d{4} er åpnet, frist /);

    const [hook] = await hooks.waitFor(1);
    expect(JSON.parse(hook.body)).toMatchObject({ type: 'ROUND_OPENED', data: { period: THIS_QUARTER } });
    expect(new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>)).toBeTruthy();
  });

  it('sends the digests due today for rounds due in 3, 14 and -1 days, and nothing twice', async () => {
    const sentBefore = smtp.mails.length;
    await t.ok(MOVE, { period: THIS_QUARTER, dueDate: addDays(today, 3) }, admin);
    await t.ok(OPEN, { input: { period: LAST_QUARTER, dueDate: addDays(today, 14) } }, admin);
    await t.ok(OPEN, { input: { period: TWO_QUARTERS_AGO, dueDate: addDays(today, -1) } }, admin);
    await t.ok(OPEN, { input: { period: THREE_QUARTERS_AGO, dueDate: addDays(today, 5) } }, admin); // no occasion today
    await t.ok(OPEN, { input: { period: FOUR_QUARTERS_AGO, dueDate: addDays(today, 3) } }, admin);
    await t.ok(CLOSE, { period: FOUR_QUARTERS_AGO }, admin); // closed: no reminders
    await settled();
    const openedMails = smtp.mails.length;
    // Initiative 1.2 has submitted for this quarter: not missing there.
    const owner: TokenOptions = { role: Role.OWNER, org: agencyA.orgNumber, sub: 'owner-a' };
    const saved = (await t.ok(SAVE, { input: saveInput(ids.i2, THIS_QUARTER) }, owner)).saveStatusUpdate;
    await t.ok(SUBMIT, { id: saved.id }, owner);

    const result = await t.app.get(ReminderService).run();
    expect(result.today).toBe(today);
    expect(result.occasions).toEqual(
      expect.arrayContaining([
        { period: THIS_QUARTER, occasion: 3 },
        { period: LAST_QUARTER, occasion: 14 },
        { period: TWO_QUARTERS_AGO, occasion: -1 },
      ]),
    );
    expect(result.occasions).toHaveLength(3);
    expect(result.queued).toBe(9);
    await smtp.waitFor(openedMails + 9);
    const reminders = smtp.mails.slice(openedMails);
    const digest = (address: string, dueIn: string) =>
      reminders.find((m) => m.to.includes(address) && m.text.includes(dueIn))!;
    // This quarter: kari's digest lists 1.1 only (1.2 submitted); the others list all of theirs.
    expect(digest('kari@etata.no', 'Fristen er om 3 dager').text).toContain('- 1.1 ');
    expect(digest('kari@etata.no', 'Fristen er om 3 dager').text).not.toContain('- 1.2 ');
    expect(digest('kari@etata.no', 'Fristen er om 14 dager').text).toMatch(/- 1\.1 [\s\S]*- 1\.2 /);
    expect(digest('post@etata.no', 'Fristen gikk ut for 1 dag siden').text).toContain('- 1.3 ');
    expect(reminders.every((m) => m.subject.startsWith('Påminnelse: kvartalsrapport for '))).toBe(true);
    expect(reminders.some((m) => /1\.4|1\.5/.test(m.text))).toBe(false);
    expect(sentBefore).toBeLessThan(openedMails);

    // Again, on a second instance of the same database, and after moving a due date away and back.
    expect((await t.app.get(ReminderService).run()).queued).toBe(0);
    const second = await createTestApp({
      databaseUrl: t.databaseUrl,
      dataDir: t.config.dataDir,
      env: { SMTP_URL: smtp.url, REMINDER_SCAN_S: '3600', QUEUE_POLL_MS: '500' },
    });
    try {
      expect((await second.app.get(ReminderService).run()).queued).toBe(0);
    } finally {
      await second.close();
    }
    await t.ok(MOVE, { period: THIS_QUARTER, dueDate: addDays(today, 4) }, admin);
    expect((await t.app.get(ReminderService).run()).occasions).not.toContainEqual({
      period: THIS_QUARTER,
      occasion: 3,
    });
    await t.ok(MOVE, { period: THIS_QUARTER, dueDate: addDays(today, 3) }, admin);
    const back = await t.app.get(ReminderService).run();
    expect(back.occasions).toContainEqual({ period: THIS_QUARTER, occasion: 3 });
    expect(back.queued).toBe(0);
    await settled();
    expect(smtp.mails.length).toBe(openedMails + 9);
    expect((await mailsOfKind('REMINDER')).length).toBe(9);
    expect((await mailsOfKind('REMINDER')).every((r: any) => r.state === 'SENT')).toBe(true);
  });

  it('POSTs ROUND_CLOSED when a round closes', async () => {
    const before = hooks.requests.length;
    await t.ok(CLOSE, { period: LAST_QUARTER }, admin);
    const closed = (await hooks.waitFor(before + 1)).slice(before).map((r) => JSON.parse(r.body));
    expect(closed).toEqual([{ type: 'ROUND_CLOSED', timestamp: expect.any(String), data: { period: LAST_QUARTER } }]);
    // The closed round is reminded of no more.
    expect((await t.app.get(ReminderService).run()).occasions).not.toContainEqual(
      expect.objectContaining({ period: LAST_QUARTER }),
    );
  });
});
