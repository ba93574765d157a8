import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { rawCodes, rawRequest } from './support/raw-http.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { freePort } from './support/server-process.js';

const ISSUER = 'https://login.example.no/realms/digdir';
const AUDIENCE = 'handlingsplan';
type Mode = 'ok' | 'hang' | 'status 500' | 'not a key set';

/**
 * The identity provider's key set (JWKS) out of reach. A token that cannot be checked because the keys
 * cannot be fetched is answered 503 SERVICE_UNAVAILABLE, quickly, never as anonymous and never cacheable;
 * tokens whose key is at hand keep working.
 */
describe('signing keys out of reach', () => {
  let provider: Server;
  let providerUrl: string;
  let mode: Mode = 'ok';
  let fetches = 0;
  const hanging = new Set<ServerResponse>();
  let privateKey: CryptoKey;
  let publicJwk: JWK;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' };
    provider = createServer((_req, res) => {
      fetches++;
      if (mode === 'hang') {
        hanging.add(res);
        return;
      }
      res.setHeader('content-type', 'application/json');
      if (mode === 'status 500') res.statusCode = 500;
      res.end(JSON.stringify(mode === 'not a key set' ? { keys: 'none' } : { keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/certs`;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const res of hanging) res.destroy();
    await new Promise((resolve) => provider.close(resolve));
  });

  const startApp = async (jwksUri = providerUrl) => {
    const app = await createTestApp({
      env: { AUTH_JWKS_URI: jwksUri, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_TIMEOUT_MS: '1000' },
    });
    apps.push(app);
    return app;
  };

  const token = (kid = 'provider-key-1', key = privateKey) =>
    new SignJWT({ roles: ['reviewer'] })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('rita')
      .setExpirationTime('5m')
      .sign(key);

  /** A signed-in GET, the kind of request an HTTP cache could keep; with its time in milliseconds. */
  async function signedInGet(t: TestApp, bearer: string) {
    const started = performance.now();
    const res = await rawRequest(`${t.url}/graphql?query=${encodeURIComponent('{ me { subject } }')}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return { res, ms: performance.now() - started };
  }

  function expectUnavailable(res: Awaited<ReturnType<typeof rawRequest>>) {
    expect(res.status).toBe(503);
    expect(rawCodes(res)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(res.json.data).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(5);
  }

  it('answers 503 within the fetch timeout when the provider does not answer, then at once without asking again', async () => {
    mode = 'hang';
    const t = await startApp();
    const bearer = await token();
    const first = await signedInGet(t, bearer);
    expectUnavailable(first.res);
    expect(first.ms).toBeGreaterThanOrEqual(900);
    expect(first.ms).toBeLessThan(3000);
    const fetchesAfterFirst = fetches;
    for (let i = 0; i < 5; i++) {
      const next = await signedInGet(t, bearer);
      expectUnavailable(next.res);
      expect(next.ms).toBeLessThan(500);
    }
    expect(fetches).toBe(fetchesAfterFirst);

    // Anonymous callers and tokens that fail before any key is needed are not affected.
    const anonymous = await rawRequest(`${t.url}/graphql?query=${encodeURIComponent('{ me { subject } }')}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.json).toEqual({ data: { me: null } });
    expect((await signedInGet(t, 'not-a-jwt')).res.json).toEqual({ data: { me: null } });

    // The provider is back: after the retry pause the token works.
    mode = 'ok';
    await new Promise((resolve) => setTimeout(resolve, 5200));
    const back = await signedInGet(t, bearer);
    expect(back.res.status).toBe(200);
    expect(back.res.json).toEqual({ data: { me: { subject: 'rita' } } });
    expect(back.res.headers.get('cache-control')).toBe('private, no-store');
  });

  it.each(['status 500', 'not a key set'] as const)('answers 503 when the key set answers with %s', async (failure) => {
    mode = failure;
    const t = await startApp();
    const { res, ms } = await signedInGet(t, await token());
    expectUnavailable(res);
    expect(ms).toBeLessThan(1500);
  });

  it('answers 503 when nothing listens at the key set address', async () => {
    const t = await startApp(`http://127.0.0.1:${await freePort()}/certs`);
    const { res, ms } = await signedInGet(t, await token());
    expectUnavailable(res);
    expect(ms).toBeLessThan(1500);
  });

  it('keeps verifying tokens with the keys at hand while the provider is away', async () => {
    mode = 'ok';
    const t = await startApp();
    const bearer = await token();
    expect((await signedInGet(t, bearer)).res.json).toEqual({ data: { me: { subject: 'rita' } } });
    mode = 'status 500';
    const fetchesBefore = fetches;
    for (let i = 0; i < 3; i++) {
      const { res } = await signedInGet(t, bearer);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ data: { me: { subject: 'rita' } } });
    }
    expect(fetches).toBe(fetchesBefore);
    // A token whose kid is not among keys fetched just now is the token's fault: anonymous, as before.
    const { privateKey: stranger } = await generateKeyPair('RS256');
    const unknownKey = await signedInGet(t, await token('unknown-key', stranger));
    expect(unknownKey.res.status).toBe(200);
    expect(unknownKey.res.json).toEqual({ data: { me: null } });
  });
});
