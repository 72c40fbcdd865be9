import { resilienceOf } from '../resilience';
import type { Rule, Violation } from './types';

/** One violation per lost zone (or single point) and cause, naming every service path it cuts. */
function grouped(entries: readonly { readonly key: string; readonly address: string; readonly path: string; readonly text: (paths: string) => string; readonly severity: Violation['severity'] }[]): Violation[] {
  const groups = new Map<string, { address: string; paths: string[]; text: (paths: string) => string; severity: Violation['severity'] }>();
  for (const entry of entries) {
    const group = groups.get(entry.key) ?? { address: entry.address, paths: [], text: entry.text, severity: entry.severity };
    if (!group.paths.includes(entry.path)) {
      group.paths.push(entry.path);
    }
    groups.set(entry.key, group);
  }
  return [...groups.values()].map((group) => ({ address: group.address, severity: group.severity, message: group.text(group.paths.join(', ')) }));
}

/**
 * Peers each cover one resource type's spread over zones; none follows a path through the NAT a
 * route table names, or a database the tiers depend on.
 */
export const zoneLoss: Rule = {
  id: 'TT-AZ-001',
  title: 'Production survives the loss of one Availability Zone',
  severity: 'warning',
  fix: "Give every path a way through each zone: a NAT gateway per zone with each private route table sending to its own zone's, multi_az = true on RDS, load balancers and Auto Scaling groups with a subnet in every zone.",
  peers: ['SecurityHub-ELB.13', 'SecurityHub-AutoScaling.2', 'SecurityHub-RDS.5'],
  check: ({ model, topology }) => {
    const resilience = resilienceOf(model, topology);
    // Only a stack that says it is production: for others the section reports, the rule stays silent.
    if (resilience.production.production !== true) {
      return [];
    }
    const labels = new Map(resilience.paths.map((path) => [path.id, path.label]));
    const service = new Set(resilience.paths.filter((path) => path.service).map((path) => path.id));
    const certain = new Set([...resilience.losses.flatMap((loss) => loss.outcomes.filter((entry) => entry.fate === 'lost').map((entry) => entry.path)), ...resilience.singlePoints.flatMap((point) => point.cuts)]);
    const lost = resilience.losses.flatMap((loss) =>
      loss.outcomes
        .filter((entry) => entry.service && entry.fate === 'lost')
        .flatMap((entry) =>
          entry.causes.map((cause) => ({
            key: `lost ${loss.zone} ${cause.address} ${cause.text}`,
            address: cause.address,
            path: entry.label,
            severity: 'warning' as const,
            text: (paths: string) => `losing ${loss.zone} cuts ${paths}: ${cause.text}`,
          })),
        ),
    );
    const single = resilience.singlePoints.flatMap((point) =>
      point.cuts
        .filter((id) => service.has(id))
        .map((id) => ({
          key: `single ${point.address}`,
          address: point.address,
          path: labels.get(id) ?? id,
          severity: 'warning' as const,
          text: (paths: string) => `${point.why}: losing that zone, whichever it is, cuts ${paths}`,
        })),
    );
    const unknown = resilience.losses.flatMap((loss) =>
      loss.outcomes
        .filter((entry) => entry.service && entry.fate === 'unknown' && !certain.has(entry.path))
        .flatMap((entry) =>
          entry.causes.map((cause) => ({
            key: `unknown ${loss.zone} ${cause.address} ${cause.text}`,
            address: cause.address,
            path: entry.label,
            severity: 'info' as const,
            text: (paths: string) => `unknown whether losing ${loss.zone} cuts ${paths}: ${cause.text}`,
          })),
        ),
    );
    return grouped([...lost, ...single, ...unknown]);
  },
};
