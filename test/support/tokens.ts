import type { JWK } from 'jose';
import { loadOrCreateDevKey, signDevToken } from '../../src/auth/dev-key.js';
import { Role } from '../../src/auth/viewer.js';

export interface TokenOptions {
  role?: Role | Role[];
  org?: string;
  sub?: string;
  name?: string;
  email?: string;
  expiresIn?: string;
}

export const loadDevKeyForTests = (dataDir: string): Promise<JWK> => loadOrCreateDevKey(dataDir);

export function tokenFor(jwk: JWK, options: TokenOptions): Promise<string> {
  const roles = options.role === undefined ? [] : Array.isArray(options.role) ? options.role : [options.role];
  return signDevToken(jwk, {
    subject: options.sub ?? `test-${roles.join('-').toLowerCase() || 'user'}${options.org ? `-${options.org}` : ''}`,
    roles,
    org: options.org,
    name: options.name,
    email: options.email,
    expiresIn: options.expiresIn,
  });
}

export { Role };
