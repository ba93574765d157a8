import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { insertPlan, PlanFixture } from './support/plan-fixtures.js';
import { startSmtpReceiver, SmtpReceiver } from './support/smtp-receiver.js';
import { APPROVE, RETURN, SAVE, saveInput, SUBMIT, THIS_QUARTER, LAST_QUARTER } from './support/status-updates.js';
import { Metrics } from '../src/metrics/index.js';
import { codes, createTestApp, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';
import { until } from './support/until.js';
import { graphql } from './graphql/graphql.js';

const LOGIN = { user: 'mailuser', pass: 's3cret-pass' };
const REVIEWERS = 'rapportering@digdir.no';
const TITLE = 'Sammenhengende <tjenester> & «data»';

const NOTIFICATIONS =
  graphql(`query Notifications($period: Quarter, $kind: NotificationKind, $state: SendState, $first: Int, $after: String) {
  notifications(period: $period, kind: $kind, state: $state, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind recipient subject period state attempts lastError createdAt sentAt initiatives { id code title } } }
  } }`);

/**
 * E-mail notices end to end: the real app sends through a real SMTP server on loopback (smtp-server, with a
 * login), in Norwegian, with a plain-text and an HTML part; the record (`notifications`) says how each went.
 */
describe('e-mail notices', () => {
  let smtp: SmtpReceiver;
  let t: TestApp;
  let plan: PlanFixture;
  const admin: TokenOptions = { role: Role.ADMIN, sub: 'mail-admin' };
  const reviewer: TokenOptions = { role: Role.REVIEWER, sub: 'mail-reviewer', email: 'reviewer@digdir.no' };
  const owner = (sub: string, email?: string): TokenOptions => ({
    role: Role.OWNER,
    org: plan.agencies[0].orgNumber,
    sub,
    name: sub,
    email,
  });

  beforeAll(async () => {
    smtp = await startSmtpReceiver({ login: LOGIN });
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        SMTP_TIMEOUT_MS: '3000',
        MAIL_FROM: 'Handlingsplan <noreply@digdir.no>',
        REVIEWERS_EMAIL: REVIEWERS,
        PUBLIC_URL: 'https://plan.example.no/',
        RETRY_BASE_MS: '50',
        MAIL_MAX_ATTEMPTS: '4',
        QUEUE_POLL_MS: '500',
        RATE_LIMIT_WRITES: '0',
      },
    });
    plan = await insertPlan(t, { goals: 1, agencies: 1, initiatives: 6 });
    await t.sql(`UPDATE initiative SET title = $2 WHERE id = $1`, [plan.initiativeIds[0], TITLE]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
  const notificationOf = async (messageId: string) =>
    (await t.sql(`SELECT * FROM notification WHERE id = $1`, [/<([^@]+)@/.exec(messageId)![1]]))[0];
  const sentOrFailed = (id: string) =>
    until(
      async () => (await t.sql(`SELECT * FROM notification WHERE id = $1 AND state <> 'QUEUED'`, [id]))[0],
      20_000,
      `notification ${id} to be sent or given up`,
    );

  async function submitted(initiative: number, period: string, authors: TokenOptions[]): Promise<string> {
    let id = '';
    for (const author of authors) {
      id = (await t.ok(SAVE, { input: saveInput(plan.initiativeIds[initiative], period) }, author)).saveStatusUpdate.id;
    }
    await t.ok(SUBMIT, { id }, authors[0]);
    return id;
  }

  it('sends SUBMITTED to REVIEWERS_EMAIL when an update is submitted, in Norwegian, with both parts and a link', async () => {
    const before = smtp.mails.length;
    await submitted(0, THIS_QUARTER, [owner('kari', 'kari@etaten.no')]);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual([REVIEWERS]);
    expect(mail.from).toBe('noreply@digdir.no');
    const quarter = `${THIS_QUARTER.slice(6)}. kvartal ${THIS_QUARTER.slice(0, 4)}`;
    expect(mail.subject).toBe(`Til godkjenning: 1.1 ${TITLE}, ${quarter}`);
    expect(mail.text).toContain(`Kvartalsrapporten for ${quarter} er sendt inn og venter på godkjenning`);
    expect(mail.text).toContain(`- 1.1 ${TITLE}: https://plan.example.no/status/tiltak/1.1`);
    // Every value escaped in the HTML part.
    expect(mail.html).toContain('1.1 Sammenhengende &lt;tjenester&gt; &amp; «data»');
    expect(mail.html).not.toContain('<tjenester>');
    expect(mail.html).toContain('href="https://plan.example.no/status/tiltak/1.1"');

    // The server records the answer just after the SMTP server gave it.
    const row = await sentOrFailed((await notificationOf(mail.messageId)).id);
    const data = await t.ok(NOTIFICATIONS, { kind: 'SUBMITTED' }, reviewer);
    expect(data.notifications.edges.map((e: any) => e.node)).toEqual([
      {
        id: row.id,
        kind: 'SUBMITTED',
        recipient: REVIEWERS,
        subject: mail.subject,
        period: THIS_QUARTER,
        state: 'SENT',
        attempts: 1,
        lastError: null,
        createdAt: expect.any(String),
        sentAt: expect.any(String),
        initiatives: [{ id: plan.initiativeIds[0], code: '1.1', title: TITLE }],
      },
    ]);
  });

  it('sends RETURNED with the comment to everyone who saved it with an e-mail, then APPROVED the same way', async () => {
    const authors = [owner('ola', 'Ola@Etaten.no'), owner('per', 'per@etaten.no'), owner('uten-epost')];
    const id = await submitted(1, THIS_QUARTER, authors);
    // Someone who only submitted is no author of its text, and gets no notice.
    const comment = 'Beskriv risikoen <tydeligere> & legg ved plan';
    await t.ok(RETURN, { id, comment }, reviewer);
    await until(async () => mailsTo('ola@etaten.no').length === 1 && mailsTo('per@etaten.no').length === 1);
    for (const address of ['ola@etaten.no', 'per@etaten.no']) {
      const [mail] = mailsTo(address);
      expect(mail.subject).toMatch(/^Sendt tilbake: 1\.2 Tiltak 1\.2, /);
      expect(mail.text).toContain(`> ${comment}`);
      expect(mail.html).toContain('Beskriv risikoen &lt;tydeligere&gt; &amp; legg ved plan');
    }

    await t.ok(SAVE, { input: saveInput(plan.initiativeIds[1], THIS_QUARTER) }, authors[1]);
    await t.ok(SUBMIT, { id }, authors[1]);
    await t.ok(APPROVE, { id, comment: 'Fint' }, reviewer);
    await until(async () => mailsTo('ola@etaten.no').length === 2 && mailsTo('per@etaten.no').length === 2);
    expect(mailsTo('per@etaten.no')[1].subject).toMatch(/^Godkjent og publisert: 1\.2 Tiltak 1\.2, /);
    expect(mailsTo('per@etaten.no')[1].text).toContain('> Fint');
    expect(smtp.mails.some((m) => m.to.some((to) => to.includes('uten-epost')))).toBe(false);

    await until(
      async () =>
        (
          await t.sql(`SELECT 1 FROM notification WHERE state = 'QUEUED' AND $1 = ANY(initiative_ids)`, [
            plan.initiativeIds[1],
          ])
        ).length === 0,
    );
    const kinds = await t.sql(
      `SELECT kind, recipient, state FROM notification WHERE $1 = ANY(initiative_ids) ORDER BY created_at, recipient`,
      [plan.initiativeIds[1]],
    );
    expect(kinds).toEqual([
      { kind: 'SUBMITTED', recipient: REVIEWERS, state: 'SENT' },
      { kind: 'RETURNED', recipient: 'ola@etaten.no', state: 'SENT' },
      { kind: 'RETURNED', recipient: 'per@etaten.no', state: 'SENT' },
      { kind: 'SUBMITTED', recipient: REVIEWERS, state: 'SENT' },
      { kind: 'APPROVED', recipient: 'ola@etaten.no', state: 'SENT' },
      { kind: 'APPROVED', recipient: 'per@etaten.no', state: 'SENT' },
    ]);
  });

  it('sends nothing for a write that rolls back, although the outbox had queued its mail in it', async () => {
    // Fails the submission at COMMIT, after every hook (the outbox included) has run in its transaction.
    await t.sql(`CREATE FUNCTION test_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.summary = 'rollback-me' AND NEW.state = 'SUBMITTED' THEN
        RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'XX000'; END IF; RETURN NULL; END $$`);
    await t.sql(`CREATE CONSTRAINT TRIGGER test_fail_at_commit AFTER UPDATE ON status_update
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_at_commit()`);
    const countRows = async () =>
      (
        await t.sql(`SELECT (SELECT count(*) FROM notification)::int AS notifications,
          (SELECT count(*) FROM pgboss.job WHERE name = 'notification-send')::int AS jobs`)
      )[0];
    try {
      const author = owner('rulla', 'rulla@etaten.no');
      const saved = (
        await t.ok(SAVE, { input: saveInput(plan.initiativeIds[2], THIS_QUARTER, { summary: 'rollback-me' }) }, author)
      ).saveStatusUpdate;
      const before = await countRows();
      const mailsBefore = smtp.mails.length;
      const res = await t.gql(SUBMIT, { id: saved.id }, author);
      expect(codes(res)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(await countRows()).toEqual(before);
      // A write that commits after it is sent; the rolled-back one never is.
      await submitted(3, THIS_QUARTER, [owner('etterpaa', 'etterpaa@etaten.no')]);
      await smtp.waitFor(mailsBefore + 1);
      await until(async () => (await t.sql(`SELECT 1 FROM notification WHERE state = 'QUEUED'`)).length === 0);
      expect(smtp.mails.slice(mailsBefore).map((m) => m.subject)).toEqual([
        expect.stringMatching(/^Til godkjenning: 1\.4 /),
      ]);
      expect((await t.sql(`SELECT state FROM status_update WHERE id = $1`, [saved.id]))[0].state).toBe('DRAFT');
    } finally {
      await t.sql(`DROP TRIGGER test_fail_at_commit ON status_update`);
      await t.sql(`DROP FUNCTION test_fail_at_commit()`);
    }
  });

  it('retries an SMTP server that refuses at first (4xx) and records the tries: SENT with attempts > 1', async () => {
    smtp.behaviour.refuseFirst = smtp.refused + 2;
    smtp.behaviour.refuseCode = 451;
    const before = smtp.mails.length;
    await submitted(4, THIS_QUARTER, [owner('trege', 'trege@etaten.no')]);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const row = await sentOrFailed((await notificationOf(mail.messageId)).id);
    expect(row).toMatchObject({ state: 'SENT', attempts: 3, last_error: null });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it('gives up at once on a permanent refusal (5xx): FAILED, with lastError and no credentials in it', async () => {
    smtp.behaviour.refuseAlways = true;
    smtp.behaviour.refuseCode = 550;
    try {
      const id = await submitted(5, THIS_QUARTER, [owner('avvist', 'avvist@etaten.no')]);
      const [{ id: notificationId }] = await t.sql(
        `SELECT id FROM notification WHERE kind = 'SUBMITTED' AND initiative_ids = ARRAY[$1::uuid]`,
        [plan.initiativeIds[5]],
      );
      const row = await sentOrFailed(notificationId);
      expect(row).toMatchObject({ state: 'FAILED', attempts: 1, sent_at: null });
      expect(row.last_error).toMatch(/550/);
      expect(row.last_error).not.toMatch(/s3cret|mailuser/);
      const data = await t.ok(NOTIFICATIONS, { state: 'FAILED' }, admin);
      expect(data.notifications.edges.map((e: any) => e.node)).toEqual([
        expect.objectContaining({ id: notificationId, state: 'FAILED', attempts: 1, lastError: row.last_error }),
      ]);

      // A 4xx every time is retried up to MAIL_MAX_ATTEMPTS, then FAILED.
      smtp.behaviour.refuseCode = 451;
      await t.ok(RETURN, { id, comment: 'Igjen' }, reviewer);
      const [{ id: returned }] = await t.sql(
        `SELECT id FROM notification WHERE kind = 'RETURNED' AND initiative_ids = ARRAY[$1::uuid]`,
        [plan.initiativeIds[5]],
      );
      const given = await sentOrFailed(returned);
      expect(given).toMatchObject({ state: 'FAILED', attempts: 4 });
      expect(given.last_error).toMatch(/451/);
    } finally {
      smtp.behaviour.refuseAlways = false;
    }
  });

  it('pages the record newest first and filters it; REVIEWER and ADMIN only', async () => {
    const all = await t.sql(`SELECT id FROM notification ORDER BY created_at DESC, id DESC`);
    const first = (await t.ok(NOTIFICATIONS, { first: 2 }, admin)).notifications;
    expect(first.totalCount).toBe(all.length);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await t.ok(NOTIFICATIONS, { first: 200, after: first.pageInfo.endCursor }, admin)).notifications;
    expect([...first.edges, ...rest.edges].map((e: any) => e.node.id)).toEqual(all.map((r: any) => r.id));
    expect((await t.ok(NOTIFICATIONS, { period: LAST_QUARTER }, admin)).notifications.totalCount).toBe(0);
    const approved = (await t.ok(NOTIFICATIONS, { kind: 'APPROVED', state: 'SENT', period: THIS_QUARTER }, admin))
      .notifications;
    expect(approved.edges.map((e: any) => e.node.recipient).sort()).toEqual(['ola@etaten.no', 'per@etaten.no']);

    expect(codes(await t.gql(NOTIFICATIONS, {}, owner('kari', 'kari@etaten.no')))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(NOTIFICATIONS, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(NOTIFICATIONS, { after: 'bogus' }, admin))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('e-mail without SMTP_URL', () => {
  it('is written as an .eml file under DATA_DIR/mail and counted as SENT, in the metrics too', async () => {
    const t = await createTestApp({ env: { REVIEWERS_EMAIL: REVIEWERS, QUEUE_POLL_MS: '500', METRICS_PORT: '0' } });
    try {
      const plan = await insertPlan(t, { goals: 1, agencies: 1, initiatives: 1 });
      const author: TokenOptions = { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'eml', email: 'e@x.no' };
      const saved = (await t.ok(SAVE, { input: saveInput(plan.initiativeIds[0]) }, author)).saveStatusUpdate;
      await t.ok(SUBMIT, { id: saved.id }, author);
      const row = await until(
        async () => (await t.sql(`SELECT * FROM notification WHERE state = 'SENT'`))[0],
        20_000,
        'the notification to be SENT',
      );
      const dir = t.config.notifications.mailDir;
      expect(dir).toBe(join(t.config.dataDir, 'mail'));
      expect(existsSync(dir)).toBe(true);
      const files = readdirSync(dir).filter((f) => f.endsWith(`${row.id}.eml`));
      expect(files).toHaveLength(1);
      const eml = readFileSync(join(dir, files[0]), 'utf8');
      expect(eml).toContain(`Message-ID: <${row.id}@handlingsplan>`);
      expect(eml).toContain(`To: ${REVIEWERS}`);
      expect(eml).toMatch(/Content-Type: text\/plain/);
      expect(eml).toMatch(/Content-Type: text\/html/);
      expect(row.attempts).toBe(1);
      // jobs_total counts the mail queued in the submit's transaction and sent by the worker.
      const metrics = await (await fetch(`http://127.0.0.1:${t.app.get(Metrics).port}/metrics`)).text();
      expect(metrics).toMatch(/^jobs_total\{queue="mail",state="queued"\} 1$/m);
      expect(metrics).toMatch(/^jobs_total\{queue="mail",state="sent"\} 1$/m);
      expect(metrics).not.toMatch(/^jobs_total\{queue="mail",state="failed"\}/m);
    } finally {
      await t.close();
    }
  });
});

describe('an SMTP login that fails', () => {
  it('is FAILED at once (535) and lastError holds neither the user name nor the password', async () => {
    const smtp = await startSmtpReceiver({ login: { user: 'mailuser', pass: 'the-right-one' } });
    const t = await createTestApp({
      env: {
        SMTP_URL: smtp.url.replace('the-right-one', 's3cret-wrong-pass'),
        REVIEWERS_EMAIL: REVIEWERS,
        QUEUE_POLL_MS: '500',
        RETRY_BASE_MS: '50',
      },
    });
    try {
      const plan = await insertPlan(t, { goals: 1, agencies: 1, initiatives: 1 });
      const author: TokenOptions = { role: Role.OWNER, org: plan.agencies[0].orgNumber, sub: 'auth' };
      const saved = (await t.ok(SAVE, { input: saveInput(plan.initiativeIds[0]) }, author)).saveStatusUpdate;
      await t.ok(SUBMIT, { id: saved.id }, author);
      const row = await until(
        async () => (await t.sql(`SELECT * FROM notification WHERE state <> 'QUEUED'`))[0],
        20_000,
        'the notification to be given up',
      );
      expect(row).toMatchObject({ state: 'FAILED', attempts: 1 });
      expect(row.last_error).toMatch(/535/);
      expect(row.last_error).not.toMatch(/s3cret-wrong-pass|mailuser/);
      expect(smtp.mails).toHaveLength(0);
    } finally {
      await t.close();
      await smtp.close();
    }
  });
});
