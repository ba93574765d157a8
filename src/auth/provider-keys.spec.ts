import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ProviderKeys, SigningKeysUnavailableError } from './provider-keys.js';

const MINUTE = 60_000;

/** ProviderKeys against a real key set server, with the clock in the test's hand. */
describe('ProviderKeys', () => {
  let server: Server;
  let url: URL;
  let up = true;
  let fetches = 0;
  let privateKey: CryptoKey;
  let publicJwk: JWK;
  let clock = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    server = createServer((_req, res) => {
      fetches++;
      res.statusCode = up ? 200 : 503;
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    up = true;
    fetches = 0;
    clock = 1_000_000;
  });

  const keys = () => new ProviderKeys(url, { timeoutMs: 1000, now: () => clock });
  const sign = (kid: string) => new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
  const verify = async (set: ProviderKeys, kid = 'k1') => {
    try {
      await jwtVerify(await sign(kid), set.getKey);
      return 'valid';
    } catch (error) {
      if (error instanceof SigningKeysUnavailableError) return `unavailable, retry after ${error.retryAfterSeconds} s`;
      return (error as Error).name;
    }
  };

  it('fetches once and uses the keys for ten minutes, then fetches again', async () => {
    const set = keys();
    expect([await verify(set), await verify(set)]).toEqual(['valid', 'valid']);
    clock += 10 * MINUTE - 1;
    expect(await verify(set)).toBe('valid');
    expect(fetches).toBe(1);
    clock += 1;
    expect(await verify(set)).toBe('valid');
    expect(fetches).toBe(2);
  });

  it('keeps using keys up to an hour old while the provider is away, and not longer', async () => {
    const set = keys();
    expect(await verify(set)).toBe('valid');
    up = false;
    clock += 30 * MINUTE;
    expect(await verify(set)).toBe('valid');
    expect(fetches).toBe(2);
    clock += 30 * MINUTE;
    expect(await verify(set)).toBe('unavailable, retry after 5 s');
  });

  it('does not ask a failing provider again for five seconds', async () => {
    up = false;
    const set = keys();
    expect(await verify(set)).toBe('unavailable, retry after 5 s');
    clock += 3000;
    expect(await verify(set)).toBe('unavailable, retry after 2 s');
    expect(fetches).toBe(1);
    up = true;
    clock += 2000;
    expect(await verify(set)).toBe('valid');
    expect(fetches).toBe(2);
  });

  it('shares one fetch among requests that come together', async () => {
    const set = keys();
    expect(await Promise.all([verify(set), verify(set), verify(set)])).toEqual(['valid', 'valid', 'valid']);
    expect(fetches).toBe(1);
  });

  it('takes an unknown kid as the token fault right after a fetch, and as unavailable when a fetch fails', async () => {
    const set = keys();
    expect(await verify(set)).toBe('valid');
    expect(await verify(set, 'k2')).toBe(errors.JWKSNoMatchingKey.name);
    expect(fetches).toBe(1);
    clock += 30_000;
    expect(await verify(set, 'k2')).toBe(errors.JWKSNoMatchingKey.name);
    expect(fetches).toBe(2);
    up = false;
    clock += 30_000;
    expect(await verify(set, 'k2')).toBe('unavailable, retry after 5 s');
    // The known key still verifies meanwhile.
    expect(await verify(set)).toBe('valid');
  });
});
