import ipaddr from 'ipaddr.js';
import { memoize } from './memoize';

type Parsed = [ipaddr.IPv4 | ipaddr.IPv6, number];

function parseAnew(cidr: string): Parsed | undefined {
  try {
    return ipaddr.parseCIDR(cidr);
  } catch {
    return undefined;
  }
}

/** Rules ask about the same few CIDRs for every rule and resource; ipaddr.js parses each once. */
const parse = memoize(parseAnew);

/** Whether `inner` lies within `outer` (same address family, longer or equal prefix). */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parse(outer);
  const b = parse(inner);
  if (a === undefined || b === undefined || a[0].kind() !== b[0].kind() || b[1] < a[1]) {
    return false;
  }
  const [outerAddress, bits] = a;
  const innerAddress = b[0];
  if (outerAddress instanceof ipaddr.IPv4 && innerAddress instanceof ipaddr.IPv4) {
    return innerAddress.match(outerAddress, bits);
  }
  return outerAddress instanceof ipaddr.IPv6 && innerAddress instanceof ipaddr.IPv6 && innerAddress.match(outerAddress, bits);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

/** Public, but not the whole internet: an office or VPN range (the admin CIDRs). */
export function isPublicRange(cidr: string): boolean {
  return parse(cidr) !== undefined && !cidr.endsWith('/0') && !PRIVATE_RANGES.some((range) => cidrContains(range, cidr));
}
