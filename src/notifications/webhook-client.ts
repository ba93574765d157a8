import { Inject, Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AppConfig } from '../config/app-config.js';
import { notPublicBecause, parseWebhookUrl } from './webhook-address.rules.js';
import { signatureHeaders } from './webhook-signing.js';

/** What the specification and DESIGN.md allow a receiver: an answer within 10 s, or the try failed. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A host name that takes longer than this to resolve counts as not resolving (for this try). */
const LOOKUP_TIMEOUT_MS = 5_000;
/** Of the answer's body only this much is read (and thrown away): the status is what counts. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Why a webhook URL was refused, in words for the caller (BAD_USER_INPUT) or for lastError. */
export class WebhookAddressError extends Error {}

export interface CheckedTarget {
  url: URL;
  host: string;
  /** The address that was checked and that the request connects to (no second lookup) */
  address: string;
  family: 4 | 6;
}

export interface DeliveryResult {
  ok: boolean;
  /** The HTTP status, when an answer came */
  status: number | null;
  /** Why it failed; null when ok */
  error: string | null;
}

/**
 * Delivers webhooks: resolves the host at every try, refuses any address that is not public (unless
 * WEBHOOKS_ALLOW_PRIVATE), connects to the very address it checked (so a DNS answer that changes between the
 * check and the connection cannot point it inward: DNS rebinding), signs, POSTs, follows no redirect and
 * gives up after 10 s.
 */
@Injectable()
export class WebhookClient {
  private readonly allowPrivate: boolean;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.allowPrivate = config.notifications.webhooksAllowPrivate;
  }

  /** The URL's host resolved and checked; throws WebhookAddressError saying why it may not be used. */
  async check(raw: string): Promise<CheckedTarget> {
    const target = parseWebhookUrl(raw, this.allowPrivate);
    if (typeof target === 'string') throw new WebhookAddressError(target);
    const addresses = target.literalAddress
      ? [{ address: target.literalAddress, family: target.literalAddress.includes(':') ? 6 : 4 }]
      : await this.resolveOrRefuse(target.host);
    if (!this.allowPrivate) {
      for (const { address } of addresses) {
        const why = notPublicBecause(address);
        if (why) {
          throw new WebhookAddressError(
            target.literalAddress
              ? `must be a public address: ${address} is ${why}`
              : `must resolve to public addresses only: ${target.host} resolves to ${address}, ${why}`,
          );
        }
      }
    }
    const [first] = addresses;
    return { url: target.url, host: target.host, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  private async resolveOrRefuse(host: string): Promise<{ address: string; family: number }[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        this.resolveHost(host),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS);
        }),
      ]);
      if (found.length === 0) throw new Error('no address');
      return found;
    } catch {
      throw new WebhookAddressError(`must name a host that resolves: ${host} does not`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every address of the host, as the system resolver gives them (hosts file included). */
  protected resolveHost(host: string): Promise<{ address: string; family: number }[]> {
    return lookup(host, { all: true, verbatim: true });
  }

  /** One try of one delivery. Never throws: every outcome is a result to record. */
  async deliver(rawUrl: string, secret: string, deliveryId: string, body: string): Promise<DeliveryResult> {
    let target: CheckedTarget;
    try {
      target = await this.check(rawUrl);
    } catch (error) {
      const reason = error instanceof WebhookAddressError ? error.message : 'the address could not be checked';
      return { ok: false, status: null, error: `Not sent: the URL ${reason}` };
    }
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'handlingsplan-webhooks',
      ...signatureHeaders(secret, deliveryId, new Date(), body),
    };
    try {
      const status = await this.post(target, headers, body);
      if (status >= 200 && status < 300) return { ok: true, status, error: null };
      if (status >= 300 && status < 400)
        return { ok: false, status, error: `HTTP ${status}: redirects are not followed` };
      return { ok: false, status, error: `HTTP ${status}` };
    } catch (error) {
      return { ok: false, status: null, error: (error as Error).message };
    }
  }

  private post(target: CheckedTarget, headers: Record<string, string>, body: string): Promise<number> {
    // The connection goes to the checked address whatever the resolver would say now.
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const { url } = target;
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const request = client.request(
        {
          protocol: url.protocol,
          hostname: target.host,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers,
          lookup: pinned,
          // A fresh connection per try: a pooled one could have been made to another address.
          agent: false,
        },
        (response: IncomingMessage) => {
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) response.destroy();
          });
          response.on('close', () => resolve(response.statusCode ?? 0));
          response.on('error', () => resolve(response.statusCode ?? 0));
        },
      );
      const deadline = setTimeout(
        () => request.destroy(new Error(`No answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)),
        WEBHOOK_TIMEOUT_MS,
      );
      request.on('close', () => clearTimeout(deadline));
      request.on('error', (error: NodeJS.ErrnoException) => reject(new Error(connectionError(error))));
      request.end(body);
    });
  }
}

/** A connection failure in words, without anything but the code and the reason. */
function connectionError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'The connection was refused';
    case 'ECONNRESET':
      return 'The connection was reset';
    case 'ETIMEDOUT':
      return 'The connection timed out';
    default:
      return error.code ? `${error.message} (${error.code})` : error.message;
  }
}
