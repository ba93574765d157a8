import { randomBytes } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';

/** Bytes of a new signing secret: the Standard Webhooks specification asks for 24 to 64. */
const SECRET_BYTES = 32;

/** A new signing secret as the specification writes it: whsec_ and the base64 of random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * The headers of one try of a delivery: webhook-id (the same on every try), webhook-timestamp (this try, in
 * seconds) and webhook-signature (v1, HMAC-SHA256 of "id.timestamp.body" with the secret), by the
 * standardwebhooks library.
 */
export function signatureHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new StandardWebhook(secret).sign(id, at, body),
  };
}
