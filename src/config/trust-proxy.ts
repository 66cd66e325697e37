import { isIP } from 'node:net';

/**
 * Which hops in front of the service may set X-Forwarded-For: none (`false`), the nearest `n` hops (the service is
 * reachable only through them), or the proxies at these addresses/CIDRs (and the names loopback, linklocal,
 * uniquelocal), however the service is reached.
 */
export type TrustProxy = false | number | readonly string[];

export const MAX_TRUSTED_HOPS = 10;
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

export const TRUST_PROXY_RULE =
  'TRUST_PROXY must be false, the number of proxies in front of the service (1 for one load balancer), ' +
  'or a comma list of their addresses or CIDRs; true (trust every hop, so any client could choose its IP) ' +
  'is not accepted';

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  if (slash < 0) return true;
  const mask = entry.slice(slash + 1);
  // a prefix of 0 (every address: trusting it is trusting everyone) is refused, as the proxy matcher refuses it
  if (/^\d{1,3}$/.test(mask)) return Number(mask) >= 1 && Number(mask) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(mask) === 4 && isContiguousMask(mask); // 10.0.0.0/255.0.0.0
}

/** A dotted IPv4 netmask of one or more leading ones and then only zeros (255.255.0.0, not 255.0.255.0 or 0.0.0.0). */
function isContiguousMask(mask: string): boolean {
  const bits = mask.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const inverted = 0xffffffff - bits; // the host part: 2^k - 1 for a contiguous mask
  return bits !== 0 && (inverted & (inverted + 1)) === 0;
}

/** Reads TRUST_PROXY; undefined when the value is none of the accepted forms (TRUST_PROXY_RULE says which). */
export function parseTrustProxy(value: unknown): TrustProxy | undefined {
  if (value === undefined || value === false) return false;
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 0 && value <= MAX_TRUSTED_HOPS ? value || false : undefined;
  if (Array.isArray(value))
    return value.every((v) => typeof v === 'string' && isAddressOrRange(v)) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (['', 'false', 'no', 'off'].includes(v)) return false;
  if (/^\d+$/.test(v)) return parseTrustProxy(Number(v));
  const entries = v.split(',').map((e) => e.trim());
  return entries.every(isAddressOrRange) ? entries : undefined;
}
