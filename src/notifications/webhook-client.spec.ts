import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../config/app-config.js';
import { WebhookAddressError, WebhookClient } from './webhook-client.js';
import { newWebhookSecret } from './webhook-signing.js';

/** The client with a resolver the test decides, so that no name here is ever looked up in DNS. */
class ClientWithResolver extends WebhookClient {
  lookups: string[] = [];
  constructor(
    allowPrivate: boolean,
    private readonly answers: Record<string, string[]>,
  ) {
    super(loadConfig({ WEBHOOKS_ALLOW_PRIVATE: String(allowPrivate) }));
  }
  protected override async resolveHost(host: string) {
    this.lookups.push(host);
    const found = this.answers[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }
}

describe('WebhookClient.check', () => {
  const client = new ClientWithResolver(false, {
    'portal.example.no': ['151.101.1.140', '2a04:4e42::396'],
    'mixed.example.no': ['151.101.1.140', '10.0.0.5'],
    'inward.example.no': ['::ffff:169.254.169.254'],
  });

  it('takes a host whose every address is public, and connects to the first', async () => {
    await expect(client.check('https://portal.example.no/hooks')).resolves.toMatchObject({
      host: 'portal.example.no',
      address: '151.101.1.140',
      family: 4,
    });
  });

  it.each([
    ['https://mixed.example.no/', /mixed\.example\.no resolves to 10\.0\.0\.5, a private address/],
    ['https://inward.example.no/', /v4-mapped form of 169\.254\.169\.254/],
    ['https://gone.example.no/', /must name a host that resolves: gone\.example\.no does not/],
    ['https://127.0.0.1/', /must be a public address: 127\.0\.0\.1 is a loopback address/],
    ['http://portal.example.no/', /must be an https URL/],
  ])('refuses %s', async (url, why) => {
    await expect(client.check(url)).rejects.toThrow(WebhookAddressError);
    await expect(client.check(url)).rejects.toThrow(why);
  });
});

describe('WebhookClient.deliver', () => {
  let server: ReturnType<typeof createServer>;
  let port: number;
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('connects to the address it checked, with no second look-up (DNS rebinding), and signs the body', async () => {
    // "rebind.test" resolves only through the client's check; the connection must not ask again.
    const client = new ClientWithResolver(true, { 'rebind.test': ['127.0.0.1'] });
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'PLAN_CHANGED', timestamp: new Date().toISOString(), data: {} });
    const result = await client.deliver(`http://rebind.test:${port}/hook`, secret, 'delivery-9', body);
    expect(result).toEqual({ ok: true, status: 200, error: null });
    expect(client.lookups).toEqual(['rebind.test']);
    const [request] = got;
    expect(request.headers.host).toBe(`rebind.test:${port}`);
    expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toEqual(
      JSON.parse(body),
    );
  });

  it('does not send to a URL that fails the check at delivery, and says why', async () => {
    const client = new ClientWithResolver(false, { 'rebind.test': ['127.0.0.1'] });
    const before = got.length;
    const result = await client.deliver(`https://rebind.test:${port}/hook`, newWebhookSecret(), 'd', '{}');
    expect(result).toEqual({
      ok: false,
      status: null,
      error:
        'Not sent: the URL must resolve to public addresses only: rebind.test resolves to 127.0.0.1, a loopback address (127.0.0.0/8)',
    });
    expect(got.length).toBe(before);
  });
});
