import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '../src/config/app-config.js';
import { graphql } from './graphql/graphql.js';
import { codes, createTestApp, querySource, TestApp } from './support/test-app.js';
import { Role } from './support/tokens.js';

/** A query only a signed-in REVIEWER may run: UNAUTHENTICATED tells that a token was not accepted. */
const REVIEWER_QUERY = graphql('query AuditLogCount { auditLog { totalCount } }');

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('sign-in in development mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const claims = { roles: ['reviewer'], sub: 'rita' };

  it('accepts a token signed with the development key', async () => {
    const res = await t.gql(REVIEWER_QUERY, {}, { role: Role.REVIEWER });
    expect(res.errors).toBeUndefined();
    expect(res.data!.auditLog.totalCount).toBe(0);
  });

  it.each([
    [
      'another key',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return new SignJWT(claims)
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer(DEV_ISSUER)
          .setAudience(DEV_AUDIENCE)
          .setExpirationTime('1h')
          .setSubject('rita')
          .sign(privateKey);
      },
    ],
    ['another issuer', async (t: TestApp) => resign(t, { iss: 'https://evil.example' })],
    ['another audience', async (t: TestApp) => resign(t, { aud: 'other-api' })],
    ['an expired exp', async (t: TestApp) => resign(t, { exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['no exp at all', async (t: TestApp) => resign(t, { exp: undefined })],
    [
      'alg none',
      async () =>
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
    ],
    [
      'HS256 with a guessed secret',
      async () =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(DEV_ISSUER)
          .setAudience(DEV_AUDIENCE)
          .setExpirationTime('1h')
          .setSubject('rita')
          .sign(new TextEncoder().encode('secret')),
    ],
    [
      'a tampered payload',
      async (t: TestApp) => {
        const [header, , signature] = (await t.token({ role: Role.OWNER, org: '974760673' })).split('.');
        return `${header}.${base64url({ ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 })}.${signature}`;
      },
    ],
    ['garbage', async () => 'not-a-jwt'],
  ])('treats a token with %s as anonymous: UNAUTHENTICATED', async (_name, make) => {
    const token = await make(t);
    expect(codes(await t.gql(REVIEWER_QUERY, {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  it('gives FORBIDDEN to a signed-in caller without the role', async () => {
    expect(codes(await t.gql(REVIEWER_QUERY, {}, { role: Role.OWNER, org: '974760673' }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(REVIEWER_QUERY, {}, { role: [] }))).toEqual(['FORBIDDEN']);
  });

  it('never signs a caller in from a cookie', async () => {
    const token = await t.token({ role: Role.REVIEWER });
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `token=${token}; authorization=Bearer ${token}` },
      body: JSON.stringify({ query: querySource(REVIEWER_QUERY) }),
    });
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  /** Re-signs the development claims with the development key, changing some registered claims. */
  async function resign(t: TestApp, changes: Record<string, unknown>): Promise<string> {
    const { loadOrCreateDevKey } = await import('../src/auth/dev-key.js');
    const { importJWK } = await import('jose');
    const jwk = await loadOrCreateDevKey(t.config.dataDir);
    const payload: Record<string, unknown> = {
      ...claims,
      iss: DEV_ISSUER,
      aud: DEV_AUDIENCE,
      exp: Math.floor(Date.now() / 1000) + 3600,
      ...changes,
    };
    for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
    return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: jwk.kid }).sign(await importJWK(jwk, 'ES256'));
  }
});

describe('sign-in against an OpenID Connect provider (remote JWKS)', () => {
  let t: TestApp;
  let jwks: Server;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  let publicJwk: JWK;
  let jwksRequests = 0;
  const issuer = 'https://login.example.no/realms/digdir';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      jwksRequests++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const port = (jwks.address() as AddressInfo).port;
    t = await createTestApp({
      env: {
        AUTH_JWKS_URI: `http://127.0.0.1:${port}/certs`,
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: 'handlingsplan',
        AUTH_ROLES_CLAIM: 'groups',
        AUTH_ORG_CLAIM: 'orgno',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    jwks.close();
  });

  const sign = (payload: Record<string, unknown>, audience = 'handlingsplan') =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('ola')
      .setExpirationTime('5m')
      .sign(privateKey);

  it('accepts the provider token with renamed claims, fetching the keys once', async () => {
    const before = jwksRequests;
    for (let i = 0; i < 3; i++) {
      const res = await t.gql(REVIEWER_QUERY, {}, await sign({ groups: ['reviewer'], orgno: '991825827' }));
      expect(res.errors).toBeUndefined();
    }
    expect(jwksRequests - before).toBeLessThanOrEqual(1);
  });

  it('reads roles only from the configured claim', async () => {
    expect(codes(await t.gql(REVIEWER_QUERY, {}, await sign({ roles: ['reviewer'] })))).toEqual(['FORBIDDEN']);
  });

  it('refuses another audience and the development key', async () => {
    expect(codes(await t.gql(REVIEWER_QUERY, {}, await sign({ groups: ['reviewer'] }, 'someone-else')))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codes(await t.gql(REVIEWER_QUERY, {}, { role: Role.REVIEWER }))).toEqual(['UNAUTHENTICATED']);
  });
});
