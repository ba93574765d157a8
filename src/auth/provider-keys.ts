import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** The provider's keys cannot be fetched, and none at hand verifies the token: its caller must be told so. */
export class SigningKeysUnavailableError extends Error {
  constructor(
    /** When a new fetch will be tried, in seconds */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super("The identity provider's signing keys cannot be fetched", options);
    this.name = 'SigningKeysUnavailableError';
  }
}

export interface ProviderKeysOptions {
  /** How long one fetch may take, the answer's body included */
  timeoutMs: number;
  /** Keys this old are fetched again before use */
  maxAgeMs?: number;
  /** While the provider cannot be reached, keys are still used up to this age */
  maxStaleMs?: number;
  /** A token whose key is unknown fetches the keys again, but not sooner than this after the last fetch */
  cooldownMs?: number;
  /** After a failed fetch, the next one is tried this much later; until then requests do not wait */
  retryMs?: number;
  now?: () => number;
}

/**
 * The OpenID Connect provider's signing keys (its JWKS), fetched and cached like jose's remote key set,
 * with one difference that matters: a provider that cannot be reached is told apart from a bad token.
 * jose's remote set throws the same way for both, so a caller would be made anonymous (and an anonymous
 * answer may be cached publicly) when only the provider was away. Here:
 * - a token whose key is among the keys at hand is verified, also while the provider is away, for as long
 *   as those keys are at most `maxStaleMs` old;
 * - a token that needs a fetch (no keys yet, keys too old, an unknown `kid`) while the fetch fails gets
 *   SigningKeysUnavailableError: no answer within `timeoutMs`, refused, not 200, not a key set;
 * - after a failure, the provider is asked again only after `retryMs`, so a provider that hangs delays one
 *   request, not each of them;
 * - a `kid` that is not among keys fetched within `cooldownMs` is the token's fault (JWKSNoMatchingKey).
 */
export class ProviderKeys {
  private keys?: { getKey: ReturnType<typeof createLocalJWKSet>; fetchedAt: number };
  private failedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<void>;
  private readonly timeoutMs: number;
  private readonly maxAgeMs: number;
  private readonly maxStaleMs: number;
  private readonly cooldownMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly url: URL,
    options: ProviderKeysOptions,
    private readonly onFailure: (error: Error) => void = () => undefined,
  ) {
    this.timeoutMs = options.timeoutMs;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.maxStaleMs = options.maxStaleMs ?? 60 * 60_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.retryMs = options.retryMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** The key for `jwtVerify`. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (!this.keys || this.now() - this.keys.fetchedAt >= this.maxAgeMs) {
      try {
        await this.refresh();
      } catch (error) {
        // Keys a little too old still verify what they verified before, while the provider is away.
        if (!this.keys || this.now() - this.keys.fetchedAt >= this.maxStaleMs) throw error;
      }
    }
    const keys = this.keys!;
    try {
      return await keys.getKey(header, token);
    } catch (error) {
      // A new key (the provider rotated its keys) is fetched, unless the keys were fetched just now.
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.now() - keys.fetchedAt < this.cooldownMs) throw error;
      await this.refresh();
      return await this.keys!.getKey(header, token);
    }
  };

  /** One fetch at a time; none while the last failure is recent. */
  private refresh(): Promise<void> {
    const wait = this.failedAt + this.retryMs - this.now();
    if (wait > 0) return Promise.reject(new SigningKeysUnavailableError(Math.ceil(wait / 1000)));
    this.pending ??= this.fetchKeys().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchKeys(): Promise<void> {
    try {
      const response = await fetch(this.url, {
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
        headers: { accept: 'application/json, application/jwk-set+json' },
      });
      if (response.status !== 200) throw new Error(`The key set answered HTTP ${response.status}`);
      // createLocalJWKSet throws on anything that is not a key set.
      this.keys = { getKey: createLocalJWKSet((await response.json()) as JSONWebKeySet), fetchedAt: this.now() };
    } catch (cause) {
      this.failedAt = this.now();
      this.onFailure(cause as Error);
      throw new SigningKeysUnavailableError(Math.ceil(this.retryMs / 1000), { cause });
    }
  }
}
