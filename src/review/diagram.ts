import { bool, str } from './json';
import { displayName, ofType, referencedAddresses, referrers, type Model } from './model';
import { coversPort, formatPorts } from './ports';
import { ADMIN, INTERNET, type Flow, type Reachability } from './reachability';
import { byTier, isLoadBalancer, type Component, type Subnet, type Topology } from './topology';

/** One drawn box: a component (or NAT gateway) placed in one subnet. */
interface Placed {
  readonly id: string;
  readonly owner: string;
  readonly label: string;
  readonly shape: 'box' | 'cylinder' | 'component' | 'hexagon';
  readonly subnet: Subnet;
}

/** Region > VPC > AZ > subnet, the boxes in each subnet, and the arrows between boxes. */
export interface Layout {
  readonly title: string;
  readonly region: string;
  readonly vpcs: readonly { readonly id: string; readonly address: string; readonly label: string; readonly igw: string | undefined }[];
  /** `placeholder`: what an empty subnet shows instead of an empty box. */
  readonly subnets: readonly { readonly id: string; readonly subnet: Subnet; readonly label: string; readonly placeholder: string | undefined }[];
  readonly boxes: readonly Placed[];
  readonly edges: readonly Edge[];
  readonly admin: string | undefined;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: 'internet' | 'admin' | 'internal' | 'ssh' | 'egress' | 'entry';
  /** The edge leaves this subnet's box as a whole (its default route), not one component in it. */
  readonly fromSubnet?: string;
}

const TIER_COLOURS: Readonly<Record<string, string>> = { public: '#e8f5e9', app: '#e3f2fd', private: '#e3f2fd', db: '#fff3e0', isolated: '#fff3e0' };
const EDGE_STYLES: Readonly<Record<Edge['kind'], string>> = {
  internet: 'color="#c62828", fontcolor="#c62828", penwidth=1.6',
  admin: 'color="#6a1b9a", fontcolor="#6a1b9a", penwidth=1.4',
  entry: 'color="#c62828", penwidth=1.6',
  internal: 'color="#1565c0", fontcolor="#1565c0"',
  ssh: 'color="#6a1b9a", fontcolor="#6a1b9a", style=dashed',
  egress: 'color="#757575", fontcolor="#757575", style=dotted',
};

function routeText(subnet: Subnet): string {
  const texts: Readonly<Record<Subnet['defaultRoute']['via'], string>> = { igw: '0.0.0.0/0 → IGW', nat: '0.0.0.0/0 → NAT', none: 'no internet route', unknown: 'internet route unknown' };
  return texts[subnet.defaultRoute.via];
}

function shapeOf(component: Component): Placed['shape'] {
  return component.kind === 'rds' ? 'cylinder' : isLoadBalancer(component.kind) ? 'hexagon' : component.kind === 'asg' ? 'component' : 'box';
}

function placements(model: Model, topology: Topology): Placed[] {
  const boxes: Placed[] = [];
  for (const component of topology.components) {
    const database = model.byAddress.get(component.address);
    const multiAz = database !== undefined && bool(database.values.multi_az) === true;
    // A Single-AZ database runs in one subnet of its group; which one AWS picks is not in the configuration.
    const subnets = component.kind === 'rds' && !multiAz ? component.subnets.slice(0, 1) : component.subnets;
    const suffix = component.kind === 'rds' ? (multiAz ? ' (Multi-AZ)' : ' (Single-AZ)') : '';
    subnets.forEach((subnet) => boxes.push({ id: '', owner: component.address, label: `${component.label}${suffix}`, shape: shapeOf(component), subnet }));
  }
  for (const nat of ofType(model, 'aws_nat_gateway')) {
    const named = new Set(referencedAddresses(model, nat.values.subnet_id));
    const subnet = topology.subnets.find((candidate) => named.has(candidate.address));
    if (subnet !== undefined) {
      boxes.push({ id: '', owner: nat.address, label: 'NAT gateway', shape: 'box', subnet });
    }
  }
  // A NAT instance's route target is its network interface; the instances serving it share its group.
  for (const target of new Set(topology.subnets.flatMap((subnet) => (subnet.defaultRoute.via === 'nat' ? [subnet.defaultRoute.target] : [])))) {
    const eni = model.byAddress.get(target);
    const subnet = eni?.type === 'aws_network_interface' ? topology.subnets.find((candidate) => referencedAddresses(model, eni.values.subnet_id).includes(candidate.address)) : undefined;
    if (eni === undefined || subnet === undefined || boxes.some((box) => box.owner === target)) {
      continue;
    }
    const groups = referencedAddresses(model, eni.values.security_groups);
    const servers = topology.components.filter((component) => component.groups.some((group) => groups.includes(group)));
    if (servers.length === 0 || !boxes.some((box) => servers.some((server) => server.address === box.owner) && box.subnet.address === subnet.address)) {
      boxes.push({ id: '', owner: target, label: 'NAT interface', shape: 'box', subnet });
    }
  }
  return boxes.map((box, index) => ({ ...box, id: `n${index}` }));
}

/** The box a private subnet's default route sends egress to: a NAT gateway, or a NAT instance (through its interface). */
function natBoxOf(model: Model, topology: Topology, boxes: readonly Placed[], target: string): Placed | undefined {
  const own = boxes.find((box) => box.owner === target);
  if (own !== undefined) {
    return own;
  }
  const eni = model.byAddress.get(target);
  if (eni?.type !== 'aws_network_interface') {
    return undefined;
  }
  const groups = referencedAddresses(model, eni.values.security_groups);
  const subnets = referencedAddresses(model, eni.values.subnet_id);
  const servers = new Set(topology.components.filter((component) => component.groups.some((group) => groups.includes(group))).map((component) => component.address));
  return boxes.find((box) => servers.has(box.owner) && subnets.includes(box.subnet.address));
}

/** What an empty subnet shows: the database's spare subnet, or that nothing runs there. */
function placeholderOf(topology: Topology, boxes: readonly Placed[], subnet: Subnet): string | undefined {
  if (boxes.some((box) => box.subnet.address === subnet.address)) {
    return undefined;
  }
  const database = topology.components.find((component) => component.kind === 'rds' && component.subnets.some((candidate) => candidate.address === subnet.address));
  return database === undefined ? 'nothing runs here' : `${database.label} subnet group: spare (Single-AZ)`;
}

function flowEdges(flows: readonly Flow[], boxes: readonly Placed[], igwOf: (subnet: Subnet) => string | undefined): Edge[] {
  const edges: Edge[] = [];
  const byOwner = groupBy(boxes, (box) => box.owner);
  for (const flow of flows) {
    const targets = byOwner.get(flow.to) ?? [];
    const ports = formatPorts(flow.ports);
    if (flow.from === INTERNET || flow.from === ADMIN) {
      for (const target of targets) {
        const igw = igwOf(target.subnet);
        if (igw !== undefined) {
          edges.push({ from: igw, to: target.id, label: flow.from === ADMIN ? `admin ${ports}` : ports, kind: flow.from === ADMIN ? 'admin' : 'internet' });
        }
      }
      continue;
    }
    const sources = byOwner.get(flow.from) ?? [];
    const ssh = flow.ports.some((range) => coversPort(range, 22));
    for (const target of targets) {
      // Draw each AZ's own lane; a source in one AZ only (the bastion) reaches every AZ.
      const sameAz = sources.filter((source) => source.subnet.az === target.subnet.az);
      for (const source of sameAz.length > 0 ? sameAz : sources) {
        edges.push({ from: source.id, to: target.id, label: ports, kind: ssh ? 'ssh' : 'internal' });
      }
    }
  }
  return edges;
}

/** Lays the stack out for both renderers: clusters from the subnets, arrows from the reachability analysis. */
export function layoutOf(model: Model, topology: Topology, reachability: Reachability): Layout {
  const region = model.region ?? 'region unknown';
  const vpcs = ofType(model, 'aws_vpc').map((vpc, index) => {
    const igw = referrers(model, vpc, 'vpc_id', 'aws_internet_gateway')[0];
    return { id: `vpc${index}`, address: vpc.address, label: `VPC ${displayName(vpc)}\\n${str(vpc.values.cidr_block) ?? ''}`.trim(), igw: igw === undefined ? undefined : `igw${index}` };
  });
  const boxes = placements(model, topology);
  const subnets = [...topology.subnets]
    .sort((a, b) => byTier(a.tier, b.tier) || a.az.localeCompare(b.az) || a.address.localeCompare(b.address))
    .map((subnet, index) => ({ id: `s${index}`, subnet, label: `${subnet.tier} ${subnet.cidr ?? ''}\\n${routeText(subnet)}`, placeholder: placeholderOf(topology, boxes, subnet) }));
  const vpcByAddress = new Map(vpcs.map((vpc) => [vpc.address, vpc]));
  const igwOf = (subnet: Subnet): string | undefined => (subnet.vpc === undefined ? undefined : vpcByAddress.get(subnet.vpc)?.igw);
  // Each private subnet's default route to its NAT, and each NAT's way out through the internet gateway.
  const routes = subnets.flatMap((entry): Edge[] => {
    const route = entry.subnet.defaultRoute;
    const nat = route.via === 'nat' ? natBoxOf(model, topology, boxes, route.target) : undefined;
    return nat === undefined ? [] : [{ from: entry.id, fromSubnet: entry.id, to: nat.id, label: '0.0.0.0/0', kind: 'egress' }];
  });
  const natBoxes = [...new Set(routes.map((edge) => edge.to))].flatMap((id) => boxes.filter((box) => box.id === id));
  const egress: Edge[] = natBoxes.flatMap((box) => {
    const igw = igwOf(box.subnet);
    return igw === undefined || box.subnet.defaultRoute.via !== 'igw' ? [] : [{ from: box.id, to: igw, label: 'egress', kind: 'egress' as const }];
  });
  const entries: Edge[] = vpcs.flatMap((vpc) => (vpc.igw === undefined ? [] : [{ from: INTERNET, to: vpc.igw, label: '', kind: 'entry' as const }]));
  const admin = reachability.sources.find((source) => source.id === ADMIN)?.label;
  const adminEntries: Edge[] = admin === undefined ? [] : vpcs.flatMap((vpc) => (vpc.igw === undefined ? [] : [{ from: ADMIN, to: vpc.igw, label: '', kind: 'admin' as const }]));
  return {
    title: `${model.environment ?? 'stack'} · ${region} · generated from the synthesized stack by npm run diagram`,
    region,
    vpcs,
    subnets,
    boxes,
    edges: [...entries, ...adminEntries, ...flowEdges(reachability.flows, boxes, igwOf), ...routes, ...egress],
    admin,
  };
}

/** The layout's subnets by VPC and boxes by subnet, in layout order. */
function grouped(layout: Layout): { readonly subnetsOf: (vpc: string) => Layout['subnets']; readonly boxesIn: (subnet: string) => readonly Placed[] } {
  const subnets = groupBy(layout.subnets, (entry) => entry.subnet.vpc ?? '');
  const boxes = groupBy(layout.boxes, (box) => box.subnet.address);
  return { subnetsOf: (vpc) => subnets.get(vpc) ?? [], boxesIn: (subnet) => boxes.get(subnet) ?? [] };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): ReadonlyMap<string, readonly T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list === undefined) {
      groups.set(key(item), [item]);
    } else {
      list.push(item);
    }
  }
  return groups;
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}

/** Graphviz DOT: region, VPC, AZ and subnet clusters, components inside, traffic as arrows. */
export function toDot(layout: Layout): string {
  const { subnetsOf, boxesIn } = grouped(layout);
  const lines = [
    'digraph architecture {',
    `  graph [fontname="Helvetica", fontsize=12, labelloc=t, label=${quote(layout.title)}, newrank=true, nodesep=0.35, ranksep=0.55, compound=true];`,
    '  node [fontname="Helvetica", fontsize=10, style="rounded,filled", fillcolor=white, shape=box];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
    `  ${INTERNET} [label="Internet", shape=ellipse, fillcolor="#ffebee"];`,
  ];
  if (layout.admin !== undefined) {
    lines.push(`  ${ADMIN} [label=${quote(layout.admin)}, shape=ellipse, fillcolor="#f3e5f5"];`);
  }
  lines.push(`  subgraph cluster_region {`, `    label=${quote(`Region ${layout.region}`)}; style="rounded,dashed"; color="#9e9e9e";`);
  for (const vpc of layout.vpcs) {
    // The gateway sits on the VPC's edge: drawn just outside it, on the rank below the internet.
    if (vpc.igw !== undefined) {
      lines.push(`    ${vpc.igw} [label="Internet gateway", shape=box, fillcolor="#ffcdd2"];`);
    }
    lines.push(`    subgraph cluster_${vpc.id} {`, `      label=${quote(vpc.label)}; style=rounded; color="#424242";`);
    const ownSubnets = subnetsOf(vpc.address);
    const azs = [...new Set(ownSubnets.map((entry) => entry.subnet.az))].sort();
    azs.forEach((az, azIndex) => {
      lines.push(`      subgraph cluster_${vpc.id}_az${azIndex} {`, `        label=${quote(az)}; style="rounded,dashed"; color="#757575";`);
      for (const entry of ownSubnets.filter((candidate) => candidate.subnet.az === az)) {
        lines.push(`        subgraph cluster_${entry.id} {`, `          label=${quote(entry.label)}; style="rounded,filled"; fillcolor=${quote(TIER_COLOURS[entry.subnet.tier] ?? '#f5f5f5')}; color="#bdbdbd";`);
        const boxes = boxesIn(entry.subnet.address);
        if (entry.placeholder !== undefined) {
          // Graphviz drops an empty cluster; a note says why the subnet holds nothing.
          lines.push(`          ${entry.id}_empty [label=${quote(entry.placeholder)}, shape=plaintext, style="", fontcolor="#757575"];`);
        }
        boxes.forEach((box) => lines.push(`          ${box.id} [label=${quote(box.label)}, shape=${box.shape}];`));
        lines.push('        }');
      }
      lines.push('      }');
    });
    lines.push('    }');
  }
  lines.push('  }', `  { rank=min; ${[INTERNET, ...(layout.admin === undefined ? [] : [ADMIN])].join('; ')}; }`);
  for (const edge of layout.edges) {
    const label = edge.label === '' ? '' : `label=${quote(edge.label)}, `;
    if (edge.fromSubnet !== undefined) {
      // From the subnet's box: Graphviz draws it from a node inside, clipped at the cluster's border.
      const inside = layout.boxes.find((box) => layout.subnets.find((entry) => entry.id === edge.fromSubnet)?.subnet.address === box.subnet.address)?.id ?? `${edge.fromSubnet}_empty`;
      lines.push(`  ${inside} -> ${edge.to} [${label}ltail=cluster_${edge.fromSubnet}, ${EDGE_STYLES[edge.kind]}];`);
      continue;
    }
    // Egress is drawn head-first so the gateway ranks above the NAT gateways, next to the internet.
    lines.push(edge.kind === 'egress' ? `  ${edge.to} -> ${edge.from} [${label}dir=back, ${EDGE_STYLES[edge.kind]}];` : `  ${edge.from} -> ${edge.to} [${label}${EDGE_STYLES[edge.kind]}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaidText(text: string): string {
  return `"${text.replace(/\\n/g, '<br/>').replace(/"/g, '#quot;')}"`;
}

/**
 * A subgraph title on one line: Mermaid 11 lays a cluster's content out below a one-line title, so the
 * second line of a two-line title hid under the boxes (a browser test renders it and checks).
 */
function mermaidTitle(text: string): string {
  return mermaidText(text.replace(/\\n/g, ' · '));
}

/** The same picture as Mermaid, for Markdown (pull-request comments, the README). */
export function toMermaid(layout: Layout): string {
  const { subnetsOf, boxesIn } = grouped(layout);
  const lines = ['flowchart TB', `  ${INTERNET}((Internet))`];
  if (layout.admin !== undefined) {
    lines.push(`  ${ADMIN}((${mermaidText(layout.admin)}))`);
  }
  lines.push(`  subgraph region[${mermaidTitle(`Region ${layout.region}`)}]`);
  for (const vpc of layout.vpcs) {
    lines.push(`    subgraph ${vpc.id}[${mermaidTitle(vpc.label)}]`);
    if (vpc.igw !== undefined) {
      lines.push(`      ${vpc.igw}[Internet gateway]`);
    }
    const ownSubnets = subnetsOf(vpc.address);
    const azs = [...new Set(ownSubnets.map((entry) => entry.subnet.az))].sort();
    azs.forEach((az, azIndex) => {
      lines.push(`      subgraph ${vpc.id}_az${azIndex}[${mermaidTitle(az)}]`);
      for (const entry of ownSubnets.filter((candidate) => candidate.subnet.az === az)) {
        lines.push(`        subgraph ${entry.id}[${mermaidTitle(entry.label)}]`);
        const boxes = boxesIn(entry.subnet.address);
        boxes.forEach((box) => lines.push(`          ${box.id}${box.shape === 'cylinder' ? `[(${mermaidText(box.label)})]` : box.shape === 'hexagon' ? `{{${mermaidText(box.label)}}}` : `[${mermaidText(box.label)}]`}`));
        if (entry.placeholder !== undefined) {
          lines.push(`          ${entry.id}_empty[${mermaidText(entry.placeholder)}]:::note`);
        }
        lines.push('        end');
      }
      lines.push('      end');
    });
    lines.push('    end');
  }
  lines.push('  end');
  for (const edge of layout.edges) {
    const arrow = edge.kind === 'egress' || edge.kind === 'ssh' ? '-.->' : '-->';
    lines.push(edge.label === '' ? `  ${edge.from} ${arrow} ${edge.to}` : `  ${edge.from} ${arrow}|${mermaidText(edge.label)}| ${edge.to}`);
  }
  if (layout.subnets.some((entry) => entry.placeholder !== undefined)) {
    lines.push('  classDef note fill:none,stroke:#bdbdbd,stroke-dasharray:3 3,color:#757575');
  }
  return `${lines.join('\n')}\n`;
}

/** SVG from DOT through Graphviz compiled to WebAssembly, loaded only when a picture is asked for. */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
