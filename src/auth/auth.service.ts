import { Injectable, Logger } from '@nestjs/common';
import { createLocalJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AppConfig } from '../config/app-config.js';
import { DEV_ALGORITHM, loadOrCreateDevKey, publicPart } from './dev-key.js';
import { ProviderKeys, SigningKeysUnavailableError } from './provider-keys.js';
import { Role, Viewer } from './viewer.js';

/** Asymmetric algorithms only: a shared-secret (HS*) or `none` token is never accepted. */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const ROLE_NAMES: Record<string, Role> = { admin: Role.ADMIN, reviewer: Role.REVIEWER, owner: Role.OWNER };

/**
 * The roles of a roles claim: only an array counts, and only its entries that are known role names (in any
 * case). Anything else (a string to split, nested lists, objects) gives no role, so a provider's unexpected
 * format can never grant one.
 */
export function rolesOf(claim: unknown): Role[] {
  if (!Array.isArray(claim)) return [];
  const roles = claim.map((name) =>
    typeof name === 'string' && Object.hasOwn(ROLE_NAMES, name.toLowerCase()) ? ROLE_NAMES[name.toLowerCase()] : null,
  );
  return [...new Set(roles.filter((role): role is Role => role !== null))];
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(private readonly config: AppConfig) {}

  get developmentMode(): boolean {
    return !this.config.auth.jwksUri;
  }

  /** Resolves the keys once: the provider's JWKS (fetched and cached, see ProviderKeys) or the local dev key. */
  private getKeys(): Promise<JWTVerifyGetKey> {
    this.keys ??= (async () => {
      const { jwksUri } = this.config.auth;
      if (jwksUri) {
        const keys = new ProviderKeys(new URL(jwksUri), { timeoutMs: this.config.auth.jwksTimeoutMs }, (error) =>
          this.logger.warn(`The signing keys could not be fetched from AUTH_JWKS_URI: ${error.message}`),
        );
        return keys.getKey;
      }
      const jwk = await loadOrCreateDevKey(this.config.dataDir);
      return createLocalJWKSet({ keys: [publicPart(jwk)] });
    })();
    return this.keys;
  }

  /** Makes sure the development key exists before the first request (and so before `npm run token`). */
  async init(): Promise<void> {
    await this.getKeys();
  }

  /**
   * The caller of a bearer token, or null when the token is missing or not valid in every respect. Throws
   * SigningKeysUnavailableError when the token cannot be checked because the provider's keys cannot be
   * fetched: that caller is neither anonymous nor signed in.
   */
  async verify(token: string | undefined): Promise<Viewer | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, await this.getKeys(), {
        issuer: this.config.auth.issuer,
        audience: this.config.auth.audience,
        algorithms: this.developmentMode ? [DEV_ALGORITHM] : ACCEPTED_ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 30,
      });
      return this.toViewer(payload);
    } catch (error) {
      if (error instanceof SigningKeysUnavailableError) throw error;
      // Never log the token itself.
      this.logger.debug(`Bearer token refused: ${(error as Error).name}`);
      return null;
    }
  }

  private toViewer(payload: JWTPayload): Viewer | null {
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) return null;
    const roles = rolesOf(payload[this.config.auth.rolesClaim]);
    const org = payload[this.config.auth.orgClaim];
    const str = (value: unknown) => (typeof value === 'string' && value.length <= 300 ? value : undefined);
    return {
      subject: payload.sub,
      roles,
      orgNumber: typeof org === 'string' || typeof org === 'number' ? String(org) : undefined,
      name: str(payload.name),
      email: str(payload.email),
    };
  }
}
