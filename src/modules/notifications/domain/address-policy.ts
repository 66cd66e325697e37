/**
 * Which network addresses a webhook may reach. Anything but a public unicast address is refused: loopback, private
 * (RFC 1918, unique local fc00::/7), shared (100.64/10), link-local and cloud metadata (169.254/16, fe80::/10),
 * unspecified (0.0.0.0/8, ::), multicast, broadcast and reserved ranges. IPv6 forms that embed an IPv4 address
 * (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that address.
 * An address that does not parse is refused too (fail closed).
 */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid';

/** a dotted quad as an unsigned 32-bit number, or null */
export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return null; // no leading zeros: they mean octal to some resolvers
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/** an IPv6 address as eight 16-bit groups, or null (zone ids and brackets are ignored) */
export function parseIpv6(text: string): number[] | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(':')) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    const before = s.slice(0, lastColon + 1);
    s = before.endsWith('::') ? before : before.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const group = (g: string): number | null => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : null);
  const read = (half: string): number[] | null => {
    if (half === '') return [];
    const groups = half.split(':').map(group);
    return groups.some((g) => g === null) ? null : (groups as number[]);
  };
  const head = read(halves[0]);
  const rest = halves.length === 2 ? read(halves[1]) : [];
  if (!head || !rest) return null;
  const explicit = head.length + rest.length + tail.length;
  if (halves.length === 2) {
    if (explicit > 7) return null;
    return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  }
  if (explicit !== 8) return null;
  return [...head, ...tail];
}

const inV4 = (ip: number, base: string, bits: number): boolean => {
  const start = parseIpv4(base)!;
  const size = 2 ** (32 - bits);
  return ip >= start && ip < start + size;
};

function classifyIpv4(ip: number): AddressClass {
  if (inV4(ip, '0.0.0.0', 8)) return 'unspecified';
  if (inV4(ip, '127.0.0.0', 8)) return 'loopback';
  if (inV4(ip, '10.0.0.0', 8) || inV4(ip, '172.16.0.0', 12) || inV4(ip, '192.168.0.0', 16)) return 'private';
  if (inV4(ip, '100.64.0.0', 10)) return 'shared';
  if (inV4(ip, '169.254.0.0', 16)) return 'link_local';
  if (inV4(ip, '224.0.0.0', 4)) return 'multicast';
  if (
    inV4(ip, '240.0.0.0', 4) || // reserved, and 255.255.255.255 broadcast
    inV4(ip, '192.0.0.0', 24) || // IETF protocol assignments
    inV4(ip, '192.0.2.0', 24) || // documentation
    inV4(ip, '198.51.100.0', 24) ||
    inV4(ip, '203.0.113.0', 24) ||
    inV4(ip, '198.18.0.0', 15) || // benchmarking
    inV4(ip, '192.88.99.0', 24) // 6to4 relay anycast
  ) {
    return 'reserved';
  }
  return 'public';
}

function classifyIpv6(g: number[]): AddressClass {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => g[hi] * 65536 + g[lo];
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  if (zeros(0, 5) && g[5] === 0xffff) return classifyIpv4(v4(6, 7)); // ::ffff:a.b.c.d
  if (zeros(0, 6)) return classifyIpv4(v4(6, 7)); // ::a.b.c.d (deprecated compatible form)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return classifyIpv4(v4(6, 7)); // NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private'; // local-use NAT64
  if (g[0] === 0x2002) return classifyIpv4(v4(1, 2)); // 6to4
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return 'link_local'; // fe80::/10
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local fec0::/10
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  if (g[0] === 0x2001 && g[1] < 0x0200) return 'reserved'; // IETF protocol assignments, Teredo
  if ((g[0] & 0xe000) !== 0x2000) return 'reserved'; // outside global unicast 2000::/3
  return 'public';
}

export function classifyAddress(address: string): AddressClass {
  const v4 = parseIpv4(address.trim());
  if (v4 !== null) return classifyIpv4(v4);
  const v6 = parseIpv6(address);
  if (v6 !== null) return classifyIpv6(v6);
  return 'invalid';
}

/** true for every address a webhook must not reach (unless WEBHOOK_ALLOW_PRIVATE=true) */
export const isForbiddenAddress = (address: string): boolean => classifyAddress(address) !== 'public';

/** Whether a URL host is a literal IP (v4, or v6 in brackets) rather than a name to resolve. */
export const isIpLiteral = (host: string): boolean => parseIpv4(host) !== null || parseIpv6(host) !== null;
