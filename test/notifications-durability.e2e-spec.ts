import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { querySource, type Operation } from './graphql/graphql.js';
import { insertPlan, PlanFixture } from './support/plan-fixtures.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { startSmtpReceiver, SmtpReceiver } from './support/smtp-receiver.js';
import { APPROVE, SAVE, saveInput, SUBMIT } from './support/status-updates.js';
import { createTestDatabase } from './support/test-app.js';
import { loadDevKeyForTests, Role, tokenFor, TokenOptions } from './support/tokens.js';
import { until } from './support/until.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const LOGIN = { user: 'mailuser', pass: 's3cret-smtp-pass' };
const REVIEWERS = 'rapportering@digdir.no';

/**
 * The queue across processes: the compiled server (as a deployment runs it) killed in the middle of a send,
 * stopped with SIGTERM while sending, and two of them on one database. Each message is sent once, and
 * none is lost.
 */
describe('durable sending', () => {
  let databaseUrl: string;
  let dataDir: string;
  let plan: PlanFixture;
  let smtp: SmtpReceiver;
  let db: Client;
  const servers: ServerProcess[] = [];
  let token: (options: TokenOptions) => Promise<string>;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    dataDir = mkdtempSync(join(process.env.TEST_TMP_DIR ?? tmpdir(), 'durable-'));
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    plan = await insertPlan(
      { sql: async (text: string, params?: unknown[]) => (await db.query(text, params as unknown[])).rows },
      { goals: 1, agencies: 1, initiatives: 6 },
    );
    const key = await loadDevKeyForTests(dataDir);
    token = (options) => tokenFor(key, options);
    smtp = await startSmtpReceiver({ login: LOGIN });
  });
  // A failed test must not leave the next one a receiver that hangs or refuses.
  beforeEach(() => Object.assign(smtp.behaviour, { hold: false, delayMs: 0, refuseAlways: false, refuseFirst: 0 }));
  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    await smtp?.close();
    await db?.end();
  });

  const start = async (extra: Record<string, string> = {}) => {
    const server = await startServerProcess({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      MIGRATIONS_RUN: 'false',
      DEMO_DATA: 'false',
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: '1000',
      REVIEWERS_EMAIL: REVIEWERS,
      QUEUE_POLL_MS: '500',
      QUEUE_MAINTENANCE_S: '1',
      RETRY_BASE_MS: '100',
      RATE_LIMIT_WRITES: '0',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
      ...extra,
    });
    servers.push(server);
    return server;
  };
  const gql = async (server: ServerProcess, operation: Operation, variables: object, auth: TokenOptions) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(auth)}` },
      body: JSON.stringify({ query: querySource(operation), variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const owner = (sub: string, email?: string): TokenOptions => ({
    role: Role.OWNER,
    org: plan.agencies[0].orgNumber,
    sub,
    email,
  });
  const reviewer: TokenOptions = { role: Role.REVIEWER, sub: 'durable-reviewer' };
  const rows = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
  const noJobsLeft = () =>
    until(
      async () => (await rows(`SELECT 1 FROM pgboss.job WHERE state < 'completed'`)).length === 0,
      30_000,
      'every job to be done',
    );
  const submit = async (server: ServerProcess, initiative: number, author: TokenOptions) => {
    const { saveStatusUpdate } = await gql(server, SAVE, { input: saveInput(plan.initiativeIds[initiative]) }, author);
    await gql(server, SUBMIT, { id: saveStatusUpdate.id }, author);
    return saveStatusUpdate.id as string;
  };
  const messageIdOf = (id: string) => `<${id}@handlingsplan>`;

  it('sends after a restart what a server killed in the middle of sending had committed, once', async () => {
    smtp.behaviour.hold = true;
    const first = await start();
    await submit(first, 0, owner('drept'));
    // The mail is with the SMTP server, not yet answered: the server dies now.
    await until(async () => smtp.inFlight > 0, 20_000, 'the send to be in flight');
    expect(await first.stop('SIGKILL')).toBeNull();
    const [held] = await rows(`SELECT id, state, attempts FROM notification`);
    expect(held).toMatchObject({ state: 'QUEUED', attempts: 1 });

    smtp.behaviour.hold = false;
    const second = await start();
    const [mail] = await smtp.waitFor(1, 30_000);
    expect(mail.messageId).toBe(messageIdOf(held.id));
    expect(mail.to).toEqual([REVIEWERS]);
    await noJobsLeft();
    expect(await rows(`SELECT state, attempts FROM notification WHERE id = $1`, [held.id])).toEqual([
      { state: 'SENT', attempts: 2 },
    ]);
    expect(smtp.mails.filter((m) => m.messageId === mail.messageId)).toHaveLength(1);
    expect(await second.stop()).toBe(0);
  });

  it('lets a send in flight finish on SIGTERM, and hands back one that does not finish in time', async () => {
    // Finishes within the grace time: sent by the stopping server.
    smtp.behaviour.delayMs = 1500;
    const stopping = await start({ SHUTDOWN_GRACE_MS: '8000', SMTP_TIMEOUT_MS: '5000' });
    const before = smtp.mails.length;
    const inFlight = smtp.inFlight;
    const finishing = await submit(stopping, 1, owner('rolig'));
    await until(async () => smtp.inFlight > inFlight, 20_000, 'the send to be in flight');
    expect(await stopping.stop('SIGTERM')).toBe(0);
    expect(smtp.mails.slice(before).map((m) => m.subject)).toEqual([expect.stringMatching(/^Til godkjenning: 1\.2 /)]);
    expect(
      await rows(`SELECT n.state, n.attempts FROM notification n WHERE $1 = ANY(n.initiative_ids)`, [
        plan.initiativeIds[1],
      ]),
    ).toEqual([{ state: 'SENT', attempts: 1 }]);
    expect(finishing).toBeDefined();

    // Does not finish within the grace time: handed back, and sent by the next server.
    smtp.behaviour.delayMs = 0;
    smtp.behaviour.hold = true;
    const impatient = await start({ SHUTDOWN_GRACE_MS: '1500', SMTP_TIMEOUT_MS: '10000' });
    const inFlightBefore = smtp.inFlight;
    await submit(impatient, 2, owner('utalmodig'));
    await until(async () => smtp.inFlight > inFlightBefore, 20_000, 'the send to be in flight');
    expect(await impatient.stop('SIGTERM')).toBe(0);
    expect(
      await rows(
        `SELECT j.state FROM pgboss.job j JOIN notification n ON n.id::text = j.data->>'id'
        WHERE $1 = ANY(n.initiative_ids)`,
        [plan.initiativeIds[2]],
      ),
    ).toEqual([{ state: 'retry' }]);
    smtp.behaviour.hold = false;
    const next = await start();
    await until(
      async () => smtp.mails.some((m) => /^Til godkjenning: 1\.3 /.test(m.subject)),
      30_000,
      'the handed-back mail to be sent',
    );
    await noJobsLeft();
    expect(
      await rows(`SELECT state, attempts FROM notification WHERE $1 = ANY(initiative_ids)`, [plan.initiativeIds[2]]),
    ).toEqual([{ state: 'SENT', attempts: 2 }]);
    expect(await next.stop()).toBe(0);
  });

  it('sends each message exactly once with two instances on one database', async () => {
    const webhooks = await startWebhookReceiver();
    try {
      // Slow answers keep both instances sending at the same time.
      const a = await start();
      const b = await start();
      await noJobsLeft();
      smtp.behaviour.delayMs = 300;
      smtp.behaviour.refuseFirst = smtp.refused + 1;
      const admin: TokenOptions = { role: Role.ADMIN, sub: 'durable-admin' };
      const secrets: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { createWebhook } = await gql(
          a,
          `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`,
          { input: { url: `${webhooks.url}/hook-${i}`, events: ['UPDATE_PUBLISHED'] } },
          admin,
        );
        secrets.push(createWebhook.secret);
      }
      const mailsBefore = smtp.mails.length;
      const approveWithAuthors = async (server: ServerProcess, initiative: number, prefix: string) => {
        const authors = Array.from({ length: 8 }, (_, i) => owner(`${prefix}-${i}`, `${prefix}-${i}@etaten.no`));
        let id = '';
        for (const author of authors) {
          id = (await gql(server, SAVE, { input: saveInput(plan.initiativeIds[initiative]) }, author)).saveStatusUpdate
            .id;
        }
        await gql(server, SUBMIT, { id }, authors[0]);
        await gql(server, APPROVE, { id }, reviewer);
      };
      await Promise.all([approveWithAuthors(a, 3, 'a'), approveWithAuthors(b, 4, 'b')]);
      // 2 × (1 SUBMITTED + 8 APPROVED) mails, 2 × 3 webhook deliveries.
      await smtp.waitFor(mailsBefore + 18, 60_000);
      await webhooks.waitFor(6, 60_000);
      await noJobsLeft();

      const sent = await rows(
        `SELECT id, state, attempts FROM notification WHERE initiative_ids && $1::uuid[] ORDER BY id`,
        [[plan.initiativeIds[3], plan.initiativeIds[4]]],
      );
      expect(sent).toHaveLength(18);
      expect(sent.every((n) => n.state === 'SENT')).toBe(true);
      // One of them was refused once and retried; every other went at the first try.
      expect(sent.map((n) => n.attempts).sort()).toEqual([...Array(17).fill(1), 2]);
      const received = smtp.mails.slice(mailsBefore).map((m) => m.messageId);
      expect(received.sort()).toEqual(sent.map((n) => messageIdOf(n.id)).sort());
      const ids = webhooks.requests.map((r) => r.headers['webhook-id']);
      expect(new Set(ids).size).toBe(6);
      expect(ids).toHaveLength(6);
      // Both instances were sending: each has two mail workers, and more sessions than that were open at once.
      expect(smtp.maxSessions).toBeGreaterThan(2);

      // No secret in any log line: neither the SMTP password nor a webhook's.
      for (const server of [a, b]) {
        expect(server.output()).not.toContain(LOGIN.pass);
        for (const secret of secrets) expect(server.output()).not.toContain(secret.slice(6, 26));
      }
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    } finally {
      smtp.behaviour.delayMs = 0;
      await webhooks.close();
    }
  });
});
