import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '../config/app-config.js';
import { Role } from './viewer.js';

/**
 * Development sign-in: an ES256 key pair made on first start and kept under the data directory (which git
 * ignores), so tokens printed by `npm run token` stay valid across restarts. Never used in production.
 */
export const DEV_ALGORITHM = 'ES256';
const KEY_FILE = 'dev-signing-key.json';

export async function loadOrCreateDevKey(dataDir: string): Promise<JWK> {
  const path = join(dataDir, KEY_FILE);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: DEV_ALGORITHM, kid: `dev-${Date.now().toString(36)}` };
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, JSON.stringify(jwk, null, 2), { mode: 0o600, flag: 'wx' }).catch(
    async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  await chmod(path, 0o600);
  return JSON.parse(await readFile(path, 'utf8')) as JWK;
}

export function publicPart(jwk: JWK): JWK {
  const { d: _private, ...rest } = jwk;
  return rest;
}

export interface DevTokenClaims {
  subject: string;
  roles: Role[];
  org?: string;
  name?: string;
  email?: string;
  expiresIn?: string;
  rolesClaim?: string;
  orgClaim?: string;
}

export async function signDevToken(jwk: JWK, claims: DevTokenClaims): Promise<string> {
  const key = await importJWK(jwk, DEV_ALGORITHM);
  const payload: Record<string, unknown> = {
    [claims.rolesClaim ?? 'roles']: claims.roles.map((role) => role.toLowerCase()),
  };
  if (claims.org) payload[claims.orgClaim ?? 'org'] = claims.org;
  if (claims.name) payload.name = claims.name;
  if (claims.email) payload.email = claims.email;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: jwk.kid, typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h')
    .sign(key);
}
