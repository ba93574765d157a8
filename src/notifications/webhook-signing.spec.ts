import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signatureHeaders } from './webhook-signing.js';

describe('webhook signing (Standard Webhooks)', () => {
  it('makes secrets of whsec_ and the base64 of 24 to 64 random bytes, each new', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
    expect(bytes).toBeGreaterThanOrEqual(24);
    expect(bytes).toBeLessThanOrEqual(64);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('signs "id.timestamp.body" with HMAC-SHA256 of the decoded secret, as the specification says', () => {
    const secret = newWebhookSecret();
    const at = new Date('2025-10-15T08:00:00.750Z');
    const body = JSON.stringify({ type: 'PLAN_CHANGED', timestamp: at.toISOString(), data: { entityId: 'æøå' } });
    const headers = signatureHeaders(secret, 'delivery-1', at, body);
    expect(headers['webhook-id']).toBe('delivery-1');
    expect(headers['webhook-timestamp']).toBe('1760515200');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`delivery-1.1760515200.${body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('is what a receiver with the library verifies, and a changed body is not', () => {
    const secret = newWebhookSecret();
    const body = '{"type":"ROUND_CLOSED","timestamp":"2025-10-15T08:00:00.000Z","data":{"period":"2025-Q3"}}';
    const headers = signatureHeaders(secret, 'd-2', new Date(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('Q3', 'Q4'), headers)).toThrow();
  });
});
