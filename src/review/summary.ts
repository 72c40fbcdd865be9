import type { ChangeKind, Model } from './model';
import { referencedAddresses } from './model';
import { byTier as tierOrder, type Topology } from './topology';

export interface TierSummary {
  readonly tier: string;
  readonly subnets: readonly string[];
  /** Resources placed in the tier's subnets, e.g. `frontend ASG`, `NAT gateway`. */
  readonly members: readonly string[];
}

export interface Summary {
  readonly resources: number;
  readonly byType: readonly { readonly type: string; readonly count: number }[];
  readonly byTier: readonly TierSummary[];
  /** Plan input only: how many resources each action touches. */
  readonly actions: Readonly<Partial<Record<ChangeKind, number>>> | undefined;
}

export function summaryOf(model: Model, topology: Topology): Summary {
  const counts = new Map<string, number>();
  for (const resource of model.resources) {
    counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  }
  const byType = [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  const tiers = [...new Set(topology.subnets.map((subnet) => subnet.tier))].sort(tierOrder);
  const byTier = tiers.map((tier): TierSummary => {
    const subnets = topology.subnets.filter((subnet) => subnet.tier === tier);
    const addresses = new Set(subnets.map((subnet) => subnet.address));
    const components = topology.components.filter((component) => component.subnets.some((subnet) => addresses.has(subnet.address))).map((component) => component.label);
    const nats = model.resources.filter((resource) => resource.type === 'aws_nat_gateway' && referencedAddresses(model, resource.values.subnet_id).some((address) => addresses.has(address)));
    return { tier, subnets: subnets.map((subnet) => `${subnet.name} (${subnet.cidr ?? 'CIDR unknown'}, ${subnet.az})`), members: [...components, ...(nats.length > 0 ? [`NAT gateway × ${nats.length}`] : [])] };
  });
  let actions: Partial<Record<ChangeKind, number>> | undefined;
  if (model.changes !== undefined) {
    actions = {};
    for (const change of model.changes) {
      actions[change.kind] = (actions[change.kind] ?? 0) + 1;
    }
  }
  return { resources: model.resources.length, byType, byTier, actions };
}
