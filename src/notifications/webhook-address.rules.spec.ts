import { ipv6Groups, notPublicBecause, parseWebhookUrl } from './webhook-address.rules.js';

describe('notPublicBecause', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['10.0.0.1', /private.*10\.0\.0\.0\/8/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local.*metadata/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.255', /carrier-grade NAT/],
    ['0.0.0.0', /this network/],
    ['0.1.2.3', /this network/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /reserved or broadcast/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fc00::1', /unique local/],
    ['fd12:3456::1', /unique local/],
    ['fe80::1', /link-local/],
    ['febf::1', /link-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /v4-mapped form of 127\.0\.0\.1, a loopback/],
    ['::ffff:7f00:1', /v4-mapped form of 127\.0\.0\.1/],
    ['::ffff:10.1.2.3', /v4-mapped.*private/],
    ['::ffff:169.254.169.254', /v4-mapped.*link-local/],
    ['64:ff9b::a9fe:a9fe', /NAT64 form of 169\.254\.169\.254/],
    ['2002:7f00:1::', /6to4 form of 127\.0\.0\.1/],
    ['::127.0.0.1', /v4-compatible form of 127\.0\.0\.1/],
  ])('refuses %s', (address, why) => {
    expect(notPublicBecause(address)).toMatch(why);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '151.101.1.140',
    '172.32.0.1',
    '100.128.0.1',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
  ])('lets %s through', (address) => {
    expect(notPublicBecause(address)).toBeNull();
  });

  it('refuses what is not an address', () => {
    expect(notPublicBecause('localhost')).toBe('not an IP address');
  });

  it('reads every IPv6 form', () => {
    expect(ipv6Groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('fe80::')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
  });
});

describe('parseWebhookUrl', () => {
  it('takes https and names the host, without brackets for IPv6', () => {
    expect(parseWebhookUrl('https://portal.example.no/hooks?x=1', false)).toMatchObject({
      host: 'portal.example.no',
      literalAddress: null,
    });
    expect(parseWebhookUrl('https://[::1]:8443/h', false)).toMatchObject({ host: '::1', literalAddress: '::1' });
    // The URL parser writes odd IPv4 forms as the address they are, so they cannot slip past the check.
    expect(parseWebhookUrl('https://2130706433/', false)).toMatchObject({ literalAddress: '127.0.0.1' });
    expect(parseWebhookUrl('https://0x7f.1/', false)).toMatchObject({ literalAddress: '127.0.0.1' });
  });

  it('refuses http unless private addresses are allowed, other schemes always, and credentials', () => {
    expect(parseWebhookUrl('http://portal.example.no/', false)).toBe('must be an https URL');
    expect(parseWebhookUrl('http://127.0.0.1:9/', true)).toMatchObject({ literalAddress: '127.0.0.1' });
    expect(parseWebhookUrl('ftp://portal.example.no/', true)).toBe('must be an http or https URL');
    expect(parseWebhookUrl('file:///etc/passwd', false)).toBe('must be an https URL');
    expect(parseWebhookUrl('https://user:pw@portal.example.no/', false)).toBe(
      'must not contain a user name or password',
    );
    expect(parseWebhookUrl('not a url', false)).toBe('is not a URL');
  });
});
