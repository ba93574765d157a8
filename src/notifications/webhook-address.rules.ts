import { isIP } from 'node:net';

/**
 * Which addresses a webhook may be delivered to: public ones only, so that an admin cannot make the server
 * call into its own network (SSRF: the cloud metadata service at 169.254.169.254, a database on 10.x, the
 * server itself on loopback). Pure rules over the address text; webhook-client.ts resolves names with them.
 */

interface Range {
  /** The first address, as a number (IPv4) or 8 groups (IPv6) */
  start: number | number[];
  bits: number;
  why: string;
}

const v4 = (address: string): number => address.split('.').reduce((n, part) => n * 256 + Number(part), 0);

const V4_RANGES: Range[] = [
  ['0.0.0.0', 8, 'a "this network" address (0.0.0.0/8)'],
  ['10.0.0.0', 8, 'a private address (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'a shared carrier-grade NAT address (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'a loopback address (127.0.0.0/8)'],
  ['169.254.0.0', 16, 'a link-local address (169.254.0.0/16, where cloud metadata services answer)'],
  ['172.16.0.0', 12, 'a private address (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'an IETF protocol address (192.0.0.0/24)'],
  ['192.0.2.0', 24, 'a documentation address (192.0.2.0/24)'],
  ['192.88.99.0', 24, 'a 6to4 relay address (192.88.99.0/24)'],
  ['192.168.0.0', 16, 'a private address (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'a benchmarking address (198.18.0.0/15)'],
  ['198.51.100.0', 24, 'a documentation address (198.51.100.0/24)'],
  ['203.0.113.0', 24, 'a documentation address (203.0.113.0/24)'],
  ['224.0.0.0', 4, 'a multicast address (224.0.0.0/4)'],
  ['240.0.0.0', 4, 'a reserved or broadcast address (240.0.0.0/4)'],
].map(([start, bits, why]) => ({ start: v4(start as string), bits: bits as number, why: why as string }));

/** The 8 groups of an IPv6 address (a trailing dotted IPv4 part becomes the last two). */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => parseInt(g, 16));
}

const v6 = (address: string): number[] => ipv6Groups(address);

const V6_RANGES: Range[] = [
  ['::', 128, 'the unspecified address (::)'],
  ['::1', 128, 'the loopback address (::1)'],
  ['64:ff9b:1::', 48, 'a local-use NAT64 address (64:ff9b:1::/48)'],
  ['100::', 64, 'a discard address (100::/64)'],
  ['2001::', 32, 'a Teredo tunnel address (2001::/32)'],
  ['2001:db8::', 32, 'a documentation address (2001:db8::/32)'],
  ['fc00::', 7, 'a unique local address (fc00::/7)'],
  ['fe80::', 10, 'a link-local address (fe80::/10)'],
  ['fec0::', 10, 'a site-local address (fec0::/10)'],
  ['ff00::', 8, 'a multicast address (ff00::/8)'],
].map(([start, bits, why]) => ({ start: v6(start as string), bits: bits as number, why: why as string }));

function inV4(address: number, range: Range): boolean {
  const shift = 32 - range.bits;
  return Math.floor(address / 2 ** shift) === Math.floor((range.start as number) / 2 ** shift);
}

function inV6(groups: number[], range: Range): boolean {
  const start = range.start as number[];
  let bits = range.bits;
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((groups[i] & mask) !== (start[i] & mask)) return false;
  }
  return true;
}

const embeddedV4 = (groups: number[], high: number, low: number): string =>
  [groups[high] >> 8, groups[high] & 0xff, groups[low] >> 8, groups[low] & 0xff].join('.');

/**
 * Why `address` (an IPv4 or IPv6 address as text) is not a public address a webhook may go to, or null when
 * it is. IPv6 forms that carry an IPv4 address (v4-mapped ::ffff:a.b.c.d, v4-compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) are judged by that address too.
 */
export function notPublicBecause(address: string): string | null {
  const family = isIP(address);
  if (family === 4) {
    const n = v4(address);
    return V4_RANGES.find((range) => inV4(n, range))?.why ?? null;
  }
  if (family !== 6) return 'not an IP address';
  const groups = ipv6Groups(address);
  const prefixZero = (count: number) => groups.slice(0, count).every((g) => g === 0);
  let inner: string | null = null;
  let form = '';
  if (prefixZero(5) && groups[5] === 0xffff) [inner, form] = [embeddedV4(groups, 6, 7), 'a v4-mapped form of'];
  else if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0))
    [inner, form] = [embeddedV4(groups, 6, 7), 'a NAT64 form of'];
  else if (groups[0] === 0x2002) [inner, form] = [embeddedV4(groups, 1, 2), 'a 6to4 form of'];
  else if (prefixZero(6) && (groups[6] !== 0 || groups[7] > 1))
    [inner, form] = [embeddedV4(groups, 6, 7), 'a v4-compatible form of'];
  if (inner !== null) {
    const why = notPublicBecause(inner);
    return why ? `${form} ${inner}, ${why}` : null;
  }
  return V6_RANGES.find((range) => inV6(groups, range))?.why ?? null;
}

export interface WebhookTarget {
  url: URL;
  /** The host name or address, without IPv6 brackets */
  host: string;
  /** Set when the URL names an address instead of a host name */
  literalAddress: string | null;
}

/**
 * The parts of a webhook URL that need no DNS: https (or http where private addresses are allowed), no
 * user name or password, and a host. Returns the reason it is refused, or the target to resolve.
 */
export function parseWebhookUrl(raw: string, allowPrivate: boolean): WebhookTarget | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return allowPrivate ? 'must be an http or https URL' : 'must be an https URL';
  if (url.username || url.password) return 'must not contain a user name or password';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return 'must name a host';
  return { url, host, literalAddress: isIP(host) ? host : null };
}
