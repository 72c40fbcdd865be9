import type { z } from 'zod';
import { carveBlocks, cidrContains, cidrsOverlap, isValidCidr } from './cidr';

/** The subnet tiers of the three-tier VPC, in the order their CIDRs are carved. */
export const SUBNET_TIERS = ['public', 'app', 'db'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

interface SubnetTierInput {
  readonly prefixLength: number;
  readonly cidrs?: readonly string[];
}

interface NetworkLayoutInput {
  readonly vpcCidr: string;
  readonly subnets: Readonly<Record<SubnetTier, SubnetTierInput>>;
}

/** Subnet CIDRs per tier, one per AZ in AZ order. */
export type SubnetLayout = Readonly<Record<SubnetTier, readonly string[]>>;

interface LayoutProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Resolves every tier's subnet CIDRs: explicit CIDRs as given, the others carved in tier order
 * (public, app, db) from the VPC CIDR, around the explicit blocks.
 */
export function resolveSubnetLayout(network: NetworkLayoutInput, azCount: number): { layout?: SubnetLayout; problems: LayoutProblem[] } {
  const problems: LayoutProblem[] = [];
  const layout: Record<SubnetTier, string[]> = { public: [], app: [], db: [] };
  let cursor = network.vpcCidr.split('/')[0];
  const explicit = SUBNET_TIERS.flatMap((tier) => network.subnets[tier].cidrs ?? []).filter((cidr) => isValidCidr(cidr) && !cidr.includes(':'));
  for (const tier of SUBNET_TIERS) {
    const { prefixLength, cidrs } = network.subnets[tier];
    if (cidrs !== undefined) {
      if (cidrs.length !== azCount) {
        problems.push({ path: ['network', 'subnets', tier, 'cidrs'], message: `has ${cidrs.length} CIDR(s) for ${azCount} availability zones; give exactly one per AZ` });
      }
      layout[tier] = [...cidrs];
      continue;
    }
    const carved = carveBlocks(network.vpcCidr, prefixLength, azCount, cursor, explicit);
    if (carved === undefined) {
      problems.push({
        path: ['network', 'subnets', tier, 'prefixLength'],
        message: `${azCount} subnets of /${prefixLength} do not fit in the VPC ${network.vpcCidr} after the earlier tiers; use a longer prefix or a larger VPC`,
      });
      continue;
    }
    layout[tier] = carved.blocks;
    cursor = carved.next;
  }
  return problems.length > 0 ? { problems } : { layout, problems };
}

/** Adds an issue for every subnet outside the VPC, every overlap, and every tier that does not fit. */
export function checkNetworkLayout(network: NetworkLayoutInput, azCount: number, ctx: z.RefinementCtx): void {
  // An invalid or IPv6 VPC CIDR is reported on the field itself; subnets cannot be carved from it.
  if (!isValidCidr(network.vpcCidr) || network.vpcCidr.includes(':')) {
    return;
  }
  const { layout, problems } = resolveSubnetLayout(network, azCount);
  for (const problem of problems) {
    ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
  }
  if (layout === undefined) {
    return;
  }
  const placed: { cidr: string; path: (string | number)[] }[] = [];
  for (const tier of SUBNET_TIERS) {
    layout[tier].forEach((cidr, index) => {
      if (!isValidCidr(cidr) || cidr.includes(':')) {
        return;
      }
      const path = network.subnets[tier].cidrs !== undefined ? ['network', 'subnets', tier, 'cidrs', index] : ['network', 'subnets', tier, 'prefixLength'];
      if (!cidrContains(network.vpcCidr, cidr)) {
        ctx.addIssue({ code: 'custom', path, message: `${JSON.stringify(cidr)} is outside the VPC CIDR ${network.vpcCidr}` });
        return;
      }
      const clash = placed.find((other) => cidrsOverlap(other.cidr, cidr));
      if (clash !== undefined) {
        ctx.addIssue({ code: 'custom', path, message: `${JSON.stringify(cidr)} overlaps ${clash.cidr} (${clash.path.join('.')}); subnets must not overlap` });
        return;
      }
      placed.push({ cidr, path });
    });
  }
}
