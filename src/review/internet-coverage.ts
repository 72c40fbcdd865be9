import ipaddr from 'ipaddr.js';
import { memoize } from './memoize';

/** An inclusive range of addresses of one family, as integers. */
type Interval = readonly [bigint, bigint];

/** IPv4 ranges that are never on the public internet (RFC 6890 special-purpose blocks, multicast and reserved). */
const NON_PUBLIC_IPV4 = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/3'];

/** Global unicast IPv6: where every public IPv6 address lives. */
const GLOBAL_UNICAST_IPV6 = '2000::/3';

/** A single organisation never owns more than this: a wider public range is as good as the world. */
const WIDEST_OWNED_PREFIX = { ipv4: 8, ipv6: 16 } as const;

/** Shares are compared in parts per this many, in integer arithmetic. */
const SCALE = 1_000_000n;

interface ParsedCidr {
  readonly family: 'ipv4' | 'ipv6';
  readonly prefix: number;
  readonly interval: Interval;
}

function parseAnew(cidr: string): ParsedCidr | undefined {
  const text = cidr.trim();
  if (!ipaddr.isValidCIDR(text)) {
    return undefined;
  }
  const [address, prefix] = ipaddr.parseCIDR(text);
  const family = address.kind();
  const network = family === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  const bits = family === 'ipv4' ? 32 : 128;
  const base = network.toByteArray().reduce((value, byte) => value * 256n + BigInt(byte), 0n);
  return { family, prefix, interval: [base, base + 2n ** BigInt(bits - prefix) - 1n] };
}

/** Reviews ask about the same few CIDRs for every rule and resource; ipaddr.js parses each once. */
const parse = memoize(parseAnew);

/** A CIDR's family and its addresses as an inclusive integer interval (parsed once), or undefined when it is not a CIDR. */
export function cidrInterval(cidr: string): { readonly family: ParsedCidr['family']; readonly interval: Interval } | undefined {
  return parse(cidr);
}

function intervalsOf(cidrs: readonly string[], family: ParsedCidr['family']): Interval[] {
  return cidrs.map(parse).flatMap((parsed) => (parsed !== undefined && parsed.family === family ? [parsed.interval] : []));
}

/** Sorted, merged intervals; adjacent ones join (0.0.0.0/1 and 128.0.0.0/1 make the whole space). */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval[0] <= last[1] + 1n) {
      merged[merged.length - 1] = [last[0], interval[1] > last[1] ? interval[1] : last[1]];
    } else {
      merged.push(interval);
    }
  }
  return merged;
}

/** How many addresses of `within` the merged `intervals` cover. */
function coveredWithin(intervals: readonly Interval[], within: Interval): bigint {
  let total = 0n;
  for (const [start, end] of intervals) {
    const from = start > within[0] ? start : within[0];
    const to = end < within[1] ? end : within[1];
    if (from <= to) {
      total += to - from + 1n;
    }
  }
  return total;
}

const IPV4_SPACE: Interval = [0n, 2n ** 32n - 1n];
const NON_PUBLIC_IPV4_INTERVALS = union(intervalsOf(NON_PUBLIC_IPV4, 'ipv4'));
const PUBLIC_IPV4_TOTAL = IPV4_SPACE[1] + 1n - coveredWithin(NON_PUBLIC_IPV4_INTERVALS, IPV4_SPACE);
const GLOBAL_IPV6 = intervalsOf([GLOBAL_UNICAST_IPV6], 'ipv6')[0];

function publicIpv4Addresses(intervals: readonly Interval[]): bigint {
  const merged = union(intervals);
  const nonPublic = NON_PUBLIC_IPV4_INTERVALS.reduce((sum, range) => sum + coveredWithin(merged, range), 0n);
  return coveredWithin(merged, IPV4_SPACE) - nonPublic;
}

function globalIpv6Addresses(intervals: readonly Interval[]): bigint {
  return coveredWithin(union(intervals), GLOBAL_IPV6);
}

function share(part: bigint, whole: bigint): number {
  return Number((part * SCALE) / whole) / Number(SCALE);
}

/** Share (0..1) of the public IPv4 address space that the union of the IPv4 CIDRs covers; other entries are ignored. */
export function publicIpv4Share(cidrs: readonly string[]): number {
  return share(publicIpv4Addresses(intervalsOf(cidrs, 'ipv4')), PUBLIC_IPV4_TOTAL);
}

/**
 * True when the set is open to the world: `0.0.0.0/0`, `::/0`, or public ranges that together cover
 * at least half of the public IPv4 space or of global unicast IPv6 (`0.0.0.0/1` + `128.0.0.0/1`).
 */
export function opensToWorld(cidrs: readonly string[]): boolean {
  return worldVerdicts(cidrs.join('\u0000'));
}

/** Rules and reachability ask about the same few sets of sources again and again: each set is judged once. */
const worldVerdicts = memoize((key: string): boolean => opensToWorldAnew(key === '' ? [] : key.split('\u0000')));

function opensToWorldAnew(cidrs: readonly string[]): boolean {
  if (cidrs.some((cidr) => parse(cidr)?.prefix === 0)) {
    return true;
  }
  const ipv6Share = share(globalIpv6Addresses(intervalsOf(cidrs, 'ipv6')), GLOBAL_IPV6[1] - GLOBAL_IPV6[0] + 1n);
  return publicIpv4Share(cidrs) >= 0.5 || ipv6Share >= 0.5;
}

/**
 * True when the set opens to the world, or holds one public range wider than any organisation owns
 * (IPv4 shorter than /8, IPv6 shorter than /16): an admin range like that is no admin range.
 */
export function isOverlyWide(cidrs: readonly string[]): boolean {
  return wideVerdicts(cidrs.join('\u0000'));
}

const wideVerdicts = memoize((key: string): boolean => isOverlyWideAnew(key === '' ? [] : key.split('\u0000')));

function isOverlyWideAnew(cidrs: readonly string[]): boolean {
  if (opensToWorld(cidrs)) {
    return true;
  }
  return cidrs.map(parse).some((parsed) => {
    if (parsed === undefined || parsed.prefix >= WIDEST_OWNED_PREFIX[parsed.family]) {
      return false;
    }
    const publicAddresses = parsed.family === 'ipv4' ? publicIpv4Addresses([parsed.interval]) : globalIpv6Addresses([parsed.interval]);
    return publicAddresses > 0n;
  });
}
