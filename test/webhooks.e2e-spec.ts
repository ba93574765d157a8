import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { insertPlan, insertStatusUpdate, PlanFixture } from './support/plan-fixtures.js';
import { APPROVE, THIS_QUARTER } from './support/status-updates.js';
import { codes, createTestApp, fields, TestApp } from './support/test-app.js';
import { Role, TokenOptions } from './support/tokens.js';
import { until } from './support/until.js';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver.js';
import type { CreateWebhookInput } from './graphql/generated.js';
import { graphql } from './graphql/graphql.js';

const CREATE = graphql(`mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events active createdAt deliveries { id } } } }`);
const DELETE = graphql(`mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }`);
const WEBHOOKS = graphql(`query Webhooks($first: Int) { webhooks { id url events active
  deliveries(first: $first) { id event state attempts responseStatus lastError createdAt sentAt } } }`);
const UPDATE_INITIATIVE = graphql(
  `mutation WebhookUpdateInitiative($id: ID!, $input: UpdateInitiativeInput!) { updateInitiative(id: $id, input: $input) { id } }`,
);

const admin: TokenOptions = { role: Role.ADMIN, sub: 'hook-admin' };

/** Verifies a request the way the Standard Webhooks specification describes, by hand. */
function verifiedBySpecification(secret: string, headers: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`;
  const expected = createHmac('sha256', key).update(signed).digest('base64');
  const age = Math.abs(Date.now() / 1000 - Number(headers['webhook-timestamp']));
  return age < 300 && String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

/**
 * Webhooks end to end against a real HTTP receiver on loopback (WEBHOOKS_ALLOW_PRIVATE=true here, as only
 * tests and internal networks need): signed deliveries, retries with the same webhook-id, no redirects, the
 * delivery history, and deletion.
 */
describe('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let plan: PlanFixture;
  let hook: { id: string; secret: string };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await createTestApp({
      env: {
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        RETRY_BASE_MS: '50',
        WEBHOOK_MAX_ATTEMPTS: '4',
        QUEUE_POLL_MS: '500',
        RATE_LIMIT_WRITES: '0',
      },
    });
    plan = await insertPlan(t, { goals: 1, agencies: 1, initiatives: 3 });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const changeInitiative = (n: number, title: string) =>
    t.ok(UPDATE_INITIATIVE, { id: plan.initiativeIds[n], input: { title } }, admin);
  const deliveriesOf = async (webhookId: string) =>
    (await t.ok(WEBHOOKS, { first: 50 }, admin)).webhooks.find((w) => w.id === webhookId)!.deliveries!;
  const settled = () =>
    until(
      async () =>
        (await t.sql(`SELECT 1 FROM pgboss.job WHERE name = 'webhook-deliver' AND state < 'completed'`)).length === 0,
      20_000,
      'every webhook job to be done',
    );

  it('creates a webhook (ADMIN) and shows the secret once: not in the list, the audit trail or an answer again', async () => {
    const created = (
      await t.ok(
        CREATE,
        { input: { url: `${receiver.url}/hooks`, events: ['PLAN_CHANGED', 'UPDATE_PUBLISHED', 'PLAN_CHANGED'] } },
        admin,
      )
    ).createWebhook;
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);
    expect(created.webhook).toMatchObject({
      url: `${receiver.url}/hooks`,
      events: ['PLAN_CHANGED', 'UPDATE_PUBLISHED'],
      active: true,
      deliveries: [],
    });
    hook = { id: created.webhook.id, secret: created.secret };
    const [audit] = await t.sql(
      `SELECT actor, action, entity_type, entity_id, changes::text FROM audit_event WHERE action = 'webhook.create'`,
    );
    expect(audit).toMatchObject({ actor: 'hook-admin', entity_type: 'Webhook', entity_id: hook.id });
    expect(audit.changes).toContain('/hooks');
    expect(audit.changes).not.toContain(created.secret.slice(6, 30));
    const listed = await t.gql(`{ webhooks { id secret } }`, {}, admin);
    expect(codes(listed)).toEqual(['BAD_USER_INPUT']); // there is no such field
  });

  it('POSTs a committed plan change as PLAN_CHANGED, signed as the specification says', async () => {
    await changeInitiative(0, 'Nytt navn');
    const [request] = await receiver.waitFor(1);
    expect(request.path).toBe('/hooks');
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body);
    expect(body).toEqual({
      type: 'PLAN_CHANGED',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { entityType: 'Initiative', entityId: plan.initiativeIds[0] },
    });
    expect(verifiedBySpecification(hook.secret, request.headers, request.body)).toBe(true);
    expect(new Webhook(hook.secret).verify(request.body, request.headers as Record<string, string>)).toEqual(body);
    // Anyone else's secret does not verify it.
    expect(
      verifiedBySpecification(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, request.headers, request.body),
    ).toBe(false);
    const [delivery] = await until(async () => {
      const list = await deliveriesOf(hook.id);
      return list[0]?.state === 'SENT' ? list : null;
    });
    expect(delivery).toMatchObject({
      id: request.headers['webhook-id'],
      event: 'PLAN_CHANGED',
      state: 'SENT',
      attempts: 1,
      responseStatus: 200,
      lastError: null,
    });
  });

  it('POSTs UPDATE_PUBLISHED with the update, initiative and period when an update is approved', async () => {
    const before = receiver.requests.length;
    const id = await insertStatusUpdate(t, {
      initiativeId: plan.initiativeIds[1],
      period: THIS_QUARTER,
      state: 'SUBMITTED',
    });
    await t.ok(APPROVE, { id }, { role: Role.REVIEWER, sub: 'hook-reviewer' });
    const [request] = (await receiver.waitFor(before + 1)).slice(before);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'UPDATE_PUBLISHED',
      data: { statusUpdateId: id, initiativeId: plan.initiativeIds[1], period: THIS_QUARTER },
    });
    expect(verifiedBySpecification(hook.secret, request.headers, request.body)).toBe(true);
  });

  it('retries a receiver that answers 500 twice: the same webhook-id three times, then SENT', async () => {
    await settled();
    const before = receiver.requests.length;
    receiver.answers.push(500, 500);
    await changeInitiative(2, 'Prøv igjen');
    const tries = (await receiver.waitFor(before + 3)).slice(before);
    expect(tries.map((r) => r.answeredWith)).toEqual([500, 500, 200]);
    expect(new Set(tries.map((r) => r.headers['webhook-id'])).size).toBe(1);
    // Each try is signed anew (its own timestamp), each one valid.
    for (const r of tries) expect(verifiedBySpecification(hook.secret, r.headers, r.body)).toBe(true);
    const delivery = await until(async () =>
      (await deliveriesOf(hook.id)).find((d: any) => d.id === tries[0].headers['webhook-id'] && d.state === 'SENT'),
    );
    expect(delivery).toMatchObject({ attempts: 3, responseStatus: 200, lastError: null });
  });

  it('follows no redirect: a 3xx answer is a failed try, and after the last one the delivery is FAILED', async () => {
    await settled();
    const before = receiver.requests.length;
    receiver.answers.push(302, 302, 302, 302);
    await changeInitiative(2, 'Omdirigert');
    const tries = (await receiver.waitFor(before + 4)).slice(before);
    expect(tries.map((r) => r.path)).toEqual(['/hooks', '/hooks', '/hooks', '/hooks']);
    const delivery = await until(async () =>
      (await deliveriesOf(hook.id)).find((d: any) => d.id === tries[0].headers['webhook-id'] && d.state === 'FAILED'),
    );
    expect(delivery).toMatchObject({ attempts: 4, responseStatus: 302, sentAt: null });
    expect(delivery!.lastError).toMatch(/302.*redirects are not followed/);
    await settled();
    expect(receiver.requests.length).toBe(before + 4);
  });

  it('sends each webhook only the events it subscribed to, and lists deliveries newest first', async () => {
    await settled();
    const other = await startWebhookReceiver();
    try {
      const published = (
        await t.ok(CREATE, { input: { url: `${other.url}/published`, events: ['UPDATE_PUBLISHED'] } }, admin)
      ).createWebhook.webhook;
      await changeInitiative(0, 'Bare planen');
      const id = await insertStatusUpdate(t, {
        initiativeId: plan.initiativeIds[2],
        period: THIS_QUARTER,
        state: 'SUBMITTED',
      });
      await t.ok(APPROVE, { id }, { role: Role.REVIEWER, sub: 'hook-reviewer' });
      const [only] = await other.waitFor(1);
      expect(JSON.parse(only.body).type).toBe('UPDATE_PUBLISHED');
      await settled();
      expect(other.requests).toHaveLength(1);
      const list = await deliveriesOf(hook.id);
      const times = list.map((d: any) => d.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      expect((await t.ok(WEBHOOKS, { first: 1 }, admin)).webhooks.map((w: any) => w.deliveries.length)).toEqual([1, 1]);
      await t.ok(DELETE, { id: published.id }, admin);
    } finally {
      await other.close();
    }
  });

  it('deletes a webhook (ADMIN, audited): its deliveries, those still waiting for a retry included, are dropped', async () => {
    await settled();
    const failing = await startWebhookReceiver();
    failing.answers.push(...Array(20).fill(500));
    try {
      const doomed = (await t.ok(CREATE, { input: { url: `${failing.url}/doomed`, events: ['PLAN_CHANGED'] } }, admin))
        .createWebhook.webhook;
      await changeInitiative(1, 'Siste');
      await failing.waitFor(1);
      expect(await t.ok(DELETE, { id: doomed.id }, admin)).toEqual({ deleteWebhook: true });
      expect(await t.sql(`SELECT id FROM webhook_delivery WHERE webhook_id = $1`, [doomed.id])).toEqual([]);
      const seen = failing.requests.length;
      await settled();
      expect(failing.requests.length).toBe(seen);
      const [audit] = await t.sql(
        `SELECT actor, changes FROM audit_event WHERE action = 'webhook.delete' AND entity_id = $1`,
        [doomed.id],
      );
      expect(audit).toMatchObject({ actor: 'hook-admin', changes: { after: null } });
      const gone = await t.gql(DELETE, { id: doomed.id }, admin);
      expect(codes(gone)).toEqual(['NOT_FOUND']);
      expect(fields(gone)).toEqual(['id']);
    } finally {
      await failing.close();
    }
  });

  it('is for ADMIN only, and refuses an empty event list or a URL that is not one', async () => {
    const reviewer: TokenOptions = { role: Role.REVIEWER, sub: 'r' };
    const input: CreateWebhookInput = { url: `${receiver.url}/x`, events: ['PLAN_CHANGED'] };
    expect(codes(await t.gql(CREATE, { input }, reviewer))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(WEBHOOKS, {}, reviewer))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(DELETE, { id: hook.id }, reviewer))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(CREATE, { input }))).toEqual(['UNAUTHENTICATED']);
    const empty = await t.gql(CREATE, { input: { ...input, events: [] } }, admin);
    expect(fields(empty)).toEqual(['input.events']);
    for (const url of ['ftp://127.0.0.1/x', 'nicht eine URL', `${receiver.url.replace('http://', 'http://u:p@')}/x`]) {
      const res = await t.gql(CREATE, { input: { ...input, url } }, admin);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(fields(res)).toEqual(['input.url']);
    }
  });
});

describe('webhooks to inward addresses (WEBHOOKS_ALLOW_PRIVATE off, the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it.each([
    ['http://127.0.0.1/hook', /must be an https URL/],
    ['https://127.0.0.1/hook', /127\.0\.0\.1 is a loopback address/],
    ['https://10.0.0.1/hook', /10\.0\.0\.1 is a private address/],
    ['https://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['https://100.64.1.1/hook', /carrier-grade NAT/],
    ['https://[::1]/hook', /::1 is the loopback address/],
    ['https://[::ffff:127.0.0.1]/hook', /v4-mapped form of 127\.0\.0\.1/],
    ['https://[fd00::1]/hook', /unique local/],
    ['https://localhost/hook', /localhost resolves to (127\.0\.0\.1|::1)/],
  ])('refuses %s as BAD_USER_INPUT naming input.url, and stores nothing', async (url, why) => {
    const res = await t.gql(CREATE, { input: { url, events: ['PLAN_CHANGED'] } }, admin);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fieldErrors).toEqual([
      { field: 'input.url', message: expect.stringMatching(why) },
    ]);
    expect(await t.sql(`SELECT id FROM webhook`)).toEqual([]);
  });
});

describe('the address check at every delivery', () => {
  it('refuses to deliver to a webhook whose address is not public any more (made while private ones were allowed)', async () => {
    const receiver = await startWebhookReceiver();
    const first = await createTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: 'true' } });
    let second: TestApp | undefined;
    let firstOpen = true;
    try {
      const plan = await insertPlan(first, { goals: 1, agencies: 1, initiatives: 1 });
      // https, so that only the address stops it later.
      const url = `${receiver.url.replace('http:', 'https:')}/inward`;
      await first.ok(CREATE, { input: { url, events: ['PLAN_CHANGED'] } }, admin);
      await first.close();
      firstOpen = false;
      // The same database, now served by an instance that allows public addresses only.
      second = await createTestApp({
        databaseUrl: first.databaseUrl,
        dataDir: first.config.dataDir,
        env: { RETRY_BASE_MS: '50', WEBHOOK_MAX_ATTEMPTS: '2', QUEUE_POLL_MS: '500' },
      });
      await second.ok(UPDATE_INITIATIVE, { id: plan.initiativeIds[0], input: { title: 'Innover' } }, admin);
      const app = second;
      const delivery = await until(
        async () => (await app.sql(`SELECT * FROM webhook_delivery WHERE state = 'FAILED'`))[0],
      );
      expect(delivery).toMatchObject({ attempts: 2, response_status: null });
      expect(delivery.last_error).toBe(
        'Not sent: the URL must be a public address: 127.0.0.1 is a loopback address (127.0.0.0/8)',
      );
      expect(receiver.requests).toHaveLength(0);
    } finally {
      if (firstOpen) await first.close();
      await second?.close();
      await receiver.close();
    }
  });
});
