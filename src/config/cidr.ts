import * as ipaddr from 'ipaddr.js';
import { Netmask } from 'netmask';

/** The bits of `address` past the first `prefix`, as an address (0.0.5.0 for 10.30.5.0/16). */
function hostPart(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  const bytes = address.toByteArray().map((byte, index) => {
    const kept = Math.min(8, Math.max(0, prefix - index * 8));
    return byte & (0xff >> kept);
  });
  return ipaddr.fromByteArray(bytes).toString();
}

/** The shortest prefix at which `address` is a network address (its trailing zero bits). */
function alignedPrefix(address: ipaddr.IPv4 | ipaddr.IPv6, bits: number): number {
  let prefix = bits;
  for (const byte of [...address.toByteArray()].reverse()) {
    const zeros = byte === 0 ? 8 : Math.log2(byte & -byte);
    prefix -= zeros;
    if (zeros < 8) {
      break;
    }
  }
  return prefix;
}

/**
 * What is wrong with a CIDR, or undefined for a canonical IPv4 or IPv6 one. A CIDR whose host bits
 * are set (10.30.5.0/16) is almost always a typo: the message names those bits and the network, and
 * offers the single address (`addresses`: who may connect) or the block starting there (`network`).
 */
export function cidrProblem(value: string, kind: 'addresses' | 'network' = 'addresses'): string | undefined {
  const quoted = JSON.stringify(value);
  if (!ipaddr.isValidCIDR(value)) {
    return `${quoted} is not a valid CIDR; expected a.b.c.d/n (IPv4) or an IPv6 prefix such as 2001:db8::/32`;
  }
  const [address, prefix] = ipaddr.parseCIDR(value);
  const written = value.slice(0, value.lastIndexOf('/'));
  if (address.kind() === 'ipv4' && written !== address.toString()) {
    return `${quoted} is not a valid CIDR; write the address as four decimal numbers without leading zeros, such as 10.0.0.0/${prefix}`;
  }
  const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(value) : ipaddr.IPv6.networkAddressFromCIDR(value);
  if (network.toString() === address.toString()) {
    return undefined;
  }
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  const aligned = alignedPrefix(address, bits);
  // A network smaller than a /28 (AWS's smallest subnet) is no alternative worth offering.
  const alternative = kind === 'addresses' ? `, or ${address.toString()}/${bits} for that one address` : aligned <= bits - 4 ? `, or ${address.toString()}/${aligned}, the largest block that starts there` : '';
  return `${quoted} has host bits set (${hostPart(address, prefix)} lies past the /${prefix} prefix): its network address is ${network.toString()}, so write ${network.toString()}/${prefix}${alternative}`;
}

/** True when `value` is a canonical IPv4 or IPv6 CIDR (host bits may be set only for a /32 or /128). */
export function isValidCidr(value: string): boolean {
  return cidrProblem(value) === undefined;
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
export function carveBlocks(vpcCidr: string, prefixLength: number, count: number, start: string, avoid: readonly string[] = []): { blocks: string[]; next: string } | undefined {
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
