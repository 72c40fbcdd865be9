import * as ipaddr from 'ipaddr.js';
import { Netmask } from 'netmask';

/** True when `value` is a canonical IPv4 or IPv6 CIDR (host bits may be set only for a /32 or /128). */
export function isValidCidr(value: string): boolean {
  if (!ipaddr.isValidCIDR(value)) {
    return false;
  }
  const [address, prefix] = ipaddr.parseCIDR(value);
  const network = address.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(value)
    : ipaddr.IPv6.networkAddressFromCIDR(value);
  // A CIDR whose host bits are set (10.0.0.1/16) is almost always a typo.
  return network.toString() === address.toString() || prefix === (address.kind() === 'ipv4' ? 32 : 128);
}

/** True when two IPv4 CIDRs share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const left = new Netmask(a);
  const right = new Netmask(b);
  return left.contains(right) || right.contains(left);
}

/** True when `inner` lies wholly inside `outer` (both IPv4). */
export function cidrContains(outer: string, inner: string): boolean {
  return new Netmask(outer).contains(new Netmask(inner));
}

/**
 * Carves `count` aligned blocks of `/prefixLength` from `vpcCidr`, starting at the first aligned
 * address at or after `start` and skipping blocks that overlap `avoid`. Returns undefined when they
 * do not fit.
 */
export function carveBlocks(
  vpcCidr: string,
  prefixLength: number,
  count: number,
  start: string,
  avoid: readonly string[] = [],
): { blocks: string[]; next: string } | undefined {
  const vpc = new Netmask(vpcCidr);
  let block: Netmask | undefined = new Netmask(`${start}/${prefixLength}`);
  if (block.netLong >>> 0 < new Netmask(`${start}/32`).netLong >>> 0) {
    block = block.next();
  }
  const blocks: string[] = [];
  while (blocks.length < count) {
    if (block === undefined || !vpc.contains(block)) {
      return undefined;
    }
    const candidate = block.toString();
    if (!avoid.some((taken) => cidrsOverlap(taken, candidate))) {
      blocks.push(candidate);
    }
    block = block.next();
  }
  return { blocks, next: block === undefined ? vpc.broadcast : block.base };
}
