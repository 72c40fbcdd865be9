import { num, str, strings } from './json';
import { displayName, referencedOne, type Model } from './model';
import { coversPort } from './ports';
import { productionOf, type ProductionVerdict } from './production';
import { ADMIN, INTERNET, knownFlows, reachesOver, type Flow, type Reaches } from './reachability';
import { isLoadBalancer, isUnknownValue, type Component, type Subnet, type Topology } from './topology';

/** What becomes of a path when a zone is lost. `unknown` where the input does not fix a zone: never read as survives. */
export type Fate = 'survives' | 'lost' | 'unknown';

/** A path the analysis follows: from the internet or the admin CIDRs, between components, or out to the internet. */
export interface ResiliencePath {
  /** `<from> -> <to>`, from addresses and `internet`, `admin`, `egress`: the same path has the same id before and after a change. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** `internet → frontend ASG`, `backend ASG → mysql RDS`, `backend ASG egress`. */
  readonly label: string;
  readonly kind: 'entry' | 'internal' | 'egress';
  /** False for operator access (from the admin CIDRs, or from a host that opens SSH to others or is named a bastion or jump host): reported, never flagged. */
  readonly service: boolean;
}

/** Why a path is lost or unknown: the resource responsible and a sentence. */
export interface Cause {
  readonly address: string;
  readonly text: string;
}

export interface PathOutcome {
  readonly path: string;
  readonly label: string;
  readonly service: boolean;
  readonly fate: Fate;
  readonly causes: readonly Cause[];
  /** How a surviving path survives when that is not instant (an Auto Scaling relaunch, an RDS failover). */
  readonly notes: readonly string[];
}

/** Every path with one zone gone. */
export interface ZoneLoss {
  readonly zone: string;
  readonly outcomes: readonly PathOutcome[];
  /** `losing ap-northeast-2a: internet → frontend ASG survives; backend ASG egress lost (NAT instance ... in ap-northeast-2a)`. */
  readonly summary: string;
}

/** Something that lives in one zone the input does not fix (chosen at apply): losing that zone, whichever it is, cuts these paths. */
export interface SinglePoint {
  readonly address: string;
  readonly label: string;
  /** The zones it may be placed in, when the input names them. */
  readonly zones: readonly string[];
  readonly why: string;
  /** Ids of the paths its loss cuts for certain. */
  readonly cuts: readonly string[];
  readonly summary: string;
}

export interface Resilience {
  /** The zones the input places something in, each simulated lost in turn. */
  readonly zones: readonly string[];
  readonly paths: readonly ResiliencePath[];
  readonly losses: readonly ZoneLoss[];
  readonly singlePoints: readonly SinglePoint[];
  /** Whether the stack says it is production (the rule TT-AZ-001 runs only on a yes). */
  readonly production: ProductionVerdict;
  /** What the analysis could not follow, and what it does not model. */
  readonly notes: readonly string[];
}

const UNKNOWN_ZONE = 'unknown AZ';

/** The zone of a subnet, or undefined when the input does not fix it (`known after apply`, a data source, a variable). */
function zoneOf(subnet: Subnet): string | undefined {
  return subnet.az === UNKNOWN_ZONE || isUnknownValue(subnet.az) ? undefined : subnet.az;
}

function knownZone(value: unknown): string | undefined {
  const zone = str(value);
  return zone === undefined || zone === '' || isUnknownValue(zone) ? undefined : zone;
}

/** Where a component runs, as far as the input says. */
interface Placement {
  readonly component: Component;
  /** `spread`: runs on while one of its zones remains (load balancers, Auto Scaling groups, Multi-AZ RDS); `single`: in exactly one zone. */
  readonly mode: 'spread' | 'single';
  /** Spread: the zones it runs in; single: its zone, or the candidates it is placed among at apply. */
  readonly zones: readonly string[];
  /** Spread: every subnet's zone is known; single: its one zone is known. */
  readonly zoneKnown: boolean;
  /** Single with an unknown zone: the candidates are all there is (every subnet's zone is known). */
  readonly candidatesComplete: boolean;
  /** Single for certain (a Multi-AZ flag the input does not fix is not). */
  readonly certainSingle: boolean;
  /** `single-AZ RDS`, `one instance`, `load balancer`, `Auto Scaling group`, `Multi-AZ RDS`. */
  readonly what: string;
  /** Why its zone is unknown, when it is. */
  readonly unknownWhy: string | undefined;
}

function placementOf(model: Model, component: Component): Placement {
  const values = model.byAddress.get(component.address)?.values ?? {};
  const subnetZones = component.subnets.map(zoneOf);
  const known = [...new Set(subnetZones.filter((zone): zone is string => zone !== undefined))].sort();
  const allKnown = subnetZones.every((zone) => zone !== undefined) && component.unknown.subnets.length === 0;
  const unknownWhy = allKnown
    ? undefined
    : [
        ...component.unknown.subnets,
        ...component.subnets.filter((subnet) => zoneOf(subnet) === undefined).map((subnet) => `the zone of ${subnet.name} is ${subnet.az === UNKNOWN_ZONE ? 'not set' : subnet.az.replace(/^\$\{\(?|\)?\}$/g, '')}`),
      ].join('; ');
  const spread = (what: string, zones: readonly string[] = known, zoneKnown = allKnown): Placement => ({
    component,
    mode: 'spread',
    zones,
    zoneKnown,
    candidatesComplete: zoneKnown,
    certainSingle: false,
    what,
    unknownWhy: zoneKnown ? undefined : unknownWhy,
  });
  switch (component.kind) {
    case 'alb':
    case 'nlb':
      return spread('load balancer');
    case 'clb':
    case 'asg': {
      // Without subnets (the default VPC), `availability_zones` names where it launches or listens.
      const what = component.kind === 'asg' ? 'Auto Scaling group' : 'load balancer';
      const listed = strings(values.availability_zones).filter((zone) => knownZone(zone) !== undefined);
      return component.subnets.length === 0 && listed.length > 0 ? spread(what, [...listed].sort(), true) : spread(what);
    }
    case 'instance': {
      const own = known.length === 1 && allKnown ? known[0] : knownZone(values.availability_zone);
      return {
        component,
        mode: 'single',
        zones: own === undefined ? known : [own],
        zoneKnown: own !== undefined,
        candidatesComplete: own !== undefined,
        certainSingle: true,
        what: 'one instance',
        unknownWhy: own === undefined ? unknownWhy || 'no subnet or zone is named' : undefined,
      };
    }
    case 'rds': {
      const multiAz = values.multi_az;
      if (multiAz === true || multiAz === 'true') {
        return spread('Multi-AZ RDS');
      }
      const own = knownZone(values.availability_zone);
      const uncertain = isUnknownValue(multiAz);
      const why = uncertain
        ? `multi_az is ${String(multiAz).replace(/^\$\{\(?|\)?\}$/g, '')}, so whether a standby takes over is unknown`
        : own === undefined
          ? `AWS picks its zone at apply${known.length > 0 ? ` among ${known.join(', ')}` : ''} (availability_zone is not set)${allKnown ? '' : `; ${unknownWhy ?? ''}`}`
          : undefined;
      return {
        component,
        mode: 'single',
        zones: own === undefined ? known : [own],
        zoneKnown: own !== undefined && !uncertain,
        candidatesComplete: allKnown,
        certainSingle: !uncertain,
        what: uncertain ? 'an RDS instance' : 'single-AZ',
        unknownWhy: why,
      };
    }
  }
}

/** Alive or not with a zone lost, and the subnets it keeps: for certain, and possibly (subnets of unknown zone). */
interface Survival {
  readonly alive: 'yes' | 'no' | 'maybe';
  readonly certain: readonly Subnet[];
  readonly possible: readonly Subnet[];
}

function survival(placement: Placement, lost: string | undefined): Survival {
  const subnets = placement.component.subnets;
  if (lost === undefined) {
    return { alive: 'yes', certain: subnets, possible: subnets };
  }
  const kept = subnets.filter((subnet) => zoneOf(subnet) !== undefined && zoneOf(subnet) !== lost);
  const open = subnets.filter((subnet) => zoneOf(subnet) === undefined);
  if (placement.mode === 'spread') {
    if (placement.zones.some((zone) => zone !== lost)) {
      return { alive: 'yes', certain: kept, possible: [...kept, ...open] };
    }
    return placement.zoneKnown ? { alive: 'no', certain: [], possible: [] } : { alive: 'maybe', certain: [], possible: open };
  }
  if (placement.zoneKnown) {
    const [zone] = placement.zones;
    const own = subnets.filter((subnet) => zoneOf(subnet) === zone);
    return zone === lost ? { alive: 'no', certain: [], possible: [] } : { alive: 'yes', certain: own, possible: own };
  }
  if (placement.certainSingle && placement.candidatesComplete && placement.zones.length > 0 && !placement.zones.includes(lost)) {
    return { alive: 'yes', certain: kept, possible: kept };
  }
  return { alive: 'maybe', certain: [], possible: [...kept, ...open] };
}

/** A NAT that a private subnet's default route sends to: its zone, or regional (an egress-only gateway, a regional NAT gateway). */
interface NatTarget {
  readonly address: string;
  readonly label: string;
  readonly zone: string | undefined;
  readonly regional: boolean;
}

function natTargetOf(model: Model, topology: Topology, address: string, natComponents: ReadonlyMap<string, Component>): NatTarget {
  const resource = model.byAddress.get(address);
  const subnetZone = (value: unknown): string | undefined => {
    const subnet = referencedOne(model, value, 'aws_subnet');
    const found = subnet === undefined ? undefined : topology.subnets.find((candidate) => candidate.address === subnet.address);
    return found === undefined ? undefined : zoneOf(found);
  };
  if (resource === undefined) {
    return { address, label: `NAT ${address}`, zone: undefined, regional: false };
  }
  const name = displayName(resource);
  switch (resource.type) {
    case 'aws_nat_gateway':
      // A regional NAT gateway (provider 6's availability_mode) spans every zone of the VPC.
      return str(resource.values.availability_mode) === 'regional'
        ? { address, label: `regional NAT gateway ${name}`, zone: undefined, regional: true }
        : { address, label: `NAT gateway ${name}`, zone: subnetZone(resource.values.subnet_id), regional: false };
    case 'aws_egress_only_internet_gateway':
      return { address, label: `egress-only gateway ${name}`, zone: undefined, regional: true };
    case 'aws_network_interface': {
      const served = natComponents.get(address);
      return { address, label: `NAT instance (${served?.label ?? name})`, zone: subnetZone(resource.values.subnet_id), regional: false };
    }
    case 'aws_instance':
      return { address, label: `NAT instance ${name}`, zone: subnetZone(resource.values.subnet_id) ?? knownZone(resource.values.availability_zone), regional: false };
    default:
      return { address, label: `${resource.type} ${name}`, zone: undefined, regional: false };
  }
}

/**
 * Components that are NAT instances: an instance a route targets, or the instance (group) behind a
 * network interface a route targets, found by the security group they share (the fck-nat pattern).
 * Keyed by the route's target, valued by the component.
 */
export function natComponentsOf(model: Model, topology: Topology): ReadonlyMap<string, Component> {
  const targets = new Set(topology.subnets.flatMap((subnet) => (subnet.defaultRoute.via === 'nat' ? [subnet.defaultRoute.target] : [])));
  const found = new Map<string, Component>();
  for (const target of targets) {
    const resource = model.byAddress.get(target);
    const direct = topology.components.find((component) => component.address === target);
    if (direct !== undefined) {
      found.set(target, direct);
    } else if (resource?.type === 'aws_network_interface') {
      const attached = referencedOne(model, resource.values.attachment, 'aws_instance');
      const groups = new Set(strings(resource.values.security_groups).flatMap((group) => referencedOne(model, group)?.address ?? []));
      const served =
        topology.components.find((component) => component.address === attached?.address) ??
        topology.components.find((component) => (component.kind === 'instance' || component.kind === 'asg') && component.groups.some((group) => groups.has(group)));
      if (served !== undefined) {
        found.set(target, served);
      }
    }
  }
  return found;
}

/** The analysis of one input, with what every scenario shares. */
interface Scene {
  readonly model: Model;
  readonly topology: Topology;
  readonly placements: ReadonlyMap<string, Placement>;
  readonly forwarders: ReadonlySet<string>;
  readonly nats: ReadonlyMap<string, NatTarget>;
  readonly paths: readonly ResiliencePath[];
  readonly baseline: readonly Flow[];
  /** Who reaches whom in the unbroken network. */
  readonly reaches: Reaches;
}

/** The topology with a zone lost (and optionally one component or NAT gone): `certain` drops what may be lost, `possible` keeps it. */
function scenario(scene: Scene, lost: string | undefined, reading: 'certain' | 'possible', without?: string): Topology {
  const components = scene.topology.components.flatMap((component): Component[] => {
    const placement = scene.placements.get(component.address);
    if (placement === undefined || component.address === without) {
      return [];
    }
    const fate = survival(placement, lost);
    if (fate.alive === 'no' || (fate.alive === 'maybe' && reading === 'certain')) {
      return [];
    }
    return [{ ...component, subnets: reading === 'certain' ? fate.certain : fate.possible }];
  });
  return { ...scene.topology, subnets: scene.topology.subnets.filter((subnet) => zoneOf(subnet) !== lost), components };
}

function label(topology: Topology, id: string): string {
  return id === INTERNET ? INTERNET : id === ADMIN ? 'admin' : (topology.components.find((component) => component.address === id)?.label ?? id);
}

/** Whether a component reaches the internet on its own: a public address in a subnet routed to an internet gateway, or a subnet routed to a NAT. */
function egressVia(subnet: Subnet, component: Component): 'igw' | 'nat' | 'unknown' | undefined {
  const route = subnet.defaultRoute;
  return route.via === 'igw' ? (component.publicIp ? 'igw' : component.unknown.publicIp === undefined ? undefined : 'unknown') : route.via === 'nat' ? 'nat' : route.via === 'unknown' ? 'unknown' : undefined;
}

/** The fate of a component's egress with a zone lost or a NAT gone. */
function egressFate(scene: Scene, placement: Placement, lost: string | undefined, withoutNat?: string): Fate {
  const fate = survival(placement, lost);
  const natAlive = (target: string, reading: 'certain' | 'possible'): boolean => {
    const nat = scene.nats.get(target);
    if (target === withoutNat) {
      return false;
    }
    if (nat === undefined || nat.regional) {
      return nat !== undefined || reading === 'possible';
    }
    return nat.zone === undefined ? reading === 'possible' : nat.zone !== lost;
  };
  const out = (subnets: readonly Subnet[], reading: 'certain' | 'possible'): boolean =>
    subnets.some((subnet) => {
      const via = egressVia(subnet, placement.component);
      return via === 'igw' || (via === 'nat' && subnet.defaultRoute.via === 'nat' && natAlive(subnet.defaultRoute.target, reading)) || (via === 'unknown' && reading === 'possible');
    });
  if (fate.alive === 'yes' && out(fate.certain, 'certain')) {
    return 'survives';
  }
  return fate.alive !== 'no' && out(fate.possible, 'possible') ? 'unknown' : 'lost';
}

/** Why a component is gone or may be gone with a zone lost. */
function absence(placement: Placement, lost: string, alive: 'no' | 'maybe'): Cause {
  const { component } = placement;
  const text =
    placement.mode === 'spread'
      ? alive === 'no'
        ? `${component.label} has no subnet outside ${lost}`
        : `${component.label} keeps no subnet of known zone outside ${lost} (${placement.unknownWhy ?? 'zones unknown'})`
      : alive === 'no'
        ? `${component.label} is ${placement.what}, in ${lost}`
        : `${component.label} is ${placement.what}; ${placement.unknownWhy ?? 'its zone is not fixed'}`;
  return { address: component.address, text };
}

/** How a component that survives the loss gets through it, when that takes time. */
function recovery(scene: Scene, placement: Placement, lost: string): string | undefined {
  const { component } = placement;
  if (placement.mode !== 'spread' || !component.subnets.some((subnet) => zoneOf(subnet) === lost)) {
    return undefined;
  }
  if (component.kind === 'asg') {
    const values = scene.model.byAddress.get(component.address)?.values ?? {};
    const floor = num(values.min_size) ?? num(values.desired_capacity);
    return `${component.label} replaces its instances of ${lost} in ${placement.zones.filter((zone) => zone !== lost).join(', ')}${floor !== undefined && floor <= 1 ? ` (at min_size ${floor}, the tier may be down until then)` : ''}`;
  }
  return component.kind === 'rds' ? `${component.label} fails over to its standby if its primary was in ${lost} (typically one to two minutes)` : undefined;
}

/** Load balancers that carry a path: reached from its source and reaching its target. */
function carriers(scene: Scene, path: ResiliencePath): readonly string[] {
  return [...scene.forwarders].filter((forwarder) => forwarder !== path.to && scene.reaches(path.from, forwarder) && scene.reaches(forwarder, path.to));
}

function outcome(scene: Scene, path: ResiliencePath, lost: string, certain: Reaches, possible: Reaches): PathOutcome {
  const involved = [...new Set([path.from, ...(path.kind === 'egress' ? [] : carriers(scene, path)), ...(path.kind === 'egress' ? [] : [path.to])])].flatMap((address) => scene.placements.get(address) ?? []);
  const gone = involved.flatMap((placement): Cause[] => {
    const fate = survival(placement, lost);
    return fate.alive === 'yes' ? [] : [absence(placement, lost, fate.alive)];
  });
  const notes = involved.flatMap((placement) => (survival(placement, lost).alive === 'yes' ? (recovery(scene, placement, lost) ?? []) : []));
  const base = { path: path.id, label: path.label, service: path.service };
  if (path.kind === 'egress') {
    const placement = scene.placements.get(path.from);
    const fate = placement === undefined ? 'unknown' : egressFate(scene, placement, lost);
    // The NATs of the subnets that may be left: those of the lost zone's subnets go with them.
    const left = placement === undefined ? [] : survival(placement, lost).possible;
    const nats = [...new Set(left.flatMap((subnet) => (subnet.defaultRoute.via === 'nat' ? [subnet.defaultRoute.target] : [])))].flatMap((target) => scene.nats.get(target) ?? []);
    const natCauses = nats
      .filter((nat) => !nat.regional && (nat.zone === undefined || nat.zone === lost))
      .map((nat): Cause => ({ address: nat.address, text: nat.zone === undefined ? `the zone of ${nat.label} is unknown` : `${nat.label} is in ${lost}` }));
    return { ...base, fate, causes: fate === 'survives' ? [] : [...gone, ...natCauses], notes: fate === 'survives' ? notes : [] };
  }
  const fate: Fate = certain(path.from, path.to) ? 'survives' : possible(path.from, path.to) ? 'unknown' : 'lost';
  if (fate === 'survives') {
    return { ...base, fate, causes: [], notes };
  }
  const fallback: Cause = {
    address: path.to === INTERNET || path.to === ADMIN ? path.from : path.to,
    text: fate === 'lost' ? `what lets ${label(scene.topology, path.from)} reach ${label(scene.topology, path.to)} names only addresses in ${lost}` : 'values the input does not resolve',
  };
  return { ...base, fate, causes: gone.length > 0 ? gone : [fallback], notes: [] };
}

/**
 * `losing <zone>: <path> <fate> (<why>); ...; operator access: ...`, service paths first; `mark`
 * styles each fate (colour in a terminal).
 */
export function describeLoss(zone: string, outcomes: readonly PathOutcome[], mark: (fate: Fate) => string = (fate) => fate): string {
  const describe = (entries: readonly PathOutcome[]): string =>
    entries.map((entry) => `${entry.label} ${mark(entry.fate)}${entry.fate === 'survives' || entry.causes.length === 0 ? '' : ` (${entry.causes.map((cause) => cause.text).join('; ')})`}`).join('; ');
  const service = outcomes.filter((entry) => entry.service);
  const operator = outcomes.filter((entry) => !entry.service);
  const parts = [...(service.length > 0 ? [describe(service)] : []), ...(operator.length > 0 ? [`operator access: ${describe(operator)}`] : [])];
  return `losing ${zone}: ${parts.length > 0 ? parts.join('; ') : 'no path to follow'}`;
}

function zoneLoss(scene: Scene, lost: string): ZoneLoss {
  const certain = reachesOver(knownFlows(scenario(scene, lost, 'certain')), scene.forwarders);
  const doubtful = [...scene.placements.values()].some((placement) => survival(placement, lost).alive === 'maybe' || placement.component.subnets.some((subnet) => zoneOf(subnet) === undefined));
  const possible = doubtful ? reachesOver(knownFlows(scenario(scene, lost, 'possible')), scene.forwarders) : certain;
  const outcomes = scene.paths.map((path) => outcome(scene, path, lost, certain, possible));
  return { zone: lost, outcomes, summary: describeLoss(lost, outcomes) };
}

/** Components and NATs in one zone the input does not fix: the paths their loss alone cuts, which the loss of their zone cuts for certain. */
function singlePoints(scene: Scene): SinglePoint[] {
  const flowPaths = scene.paths.filter((path) => path.kind !== 'egress');
  const components = [...scene.placements.values()]
    .filter((placement) => placement.mode === 'single' && placement.certainSingle && !placement.zoneKnown)
    .map((placement) => {
      const address = placement.component.address;
      // Chains pass only through load balancers: any other component's loss cuts just the paths it ends.
      const reaches = scene.forwarders.has(address) ? reachesOver(knownFlows(scenario(scene, undefined, 'certain', address)), scene.forwarders) : undefined;
      const cuts = [
        ...flowPaths.filter((path) => path.from === address || path.to === address || (reaches !== undefined && !reaches(path.from, path.to))),
        ...scene.paths.filter((path) => path.kind === 'egress' && path.from === address),
      ];
      return {
        address,
        label: placement.component.label,
        zones: placement.zones,
        why: `${placement.component.label} is ${placement.what}; ${placement.unknownWhy ?? 'its zone is not fixed'}`,
        cuts: cuts.map((path) => path.id),
        cutLabels: cuts.map((path) => path.label),
      };
    });
  const nats = [...scene.nats.values()]
    .filter((nat) => !nat.regional && nat.zone === undefined)
    .map((nat) => {
      const cuts = scene.paths.filter((path) => {
        const placement = path.kind === 'egress' ? scene.placements.get(path.from) : undefined;
        return placement !== undefined && egressFate(scene, placement, undefined, nat.address) === 'lost';
      });
      return { address: nat.address, label: nat.label, zones: [], why: `${nat.label} lives in one zone, which the input does not fix`, cuts: cuts.map((path) => path.id), cutLabels: cuts.map((path) => path.label) };
    });
  return [...components, ...nats].filter((point) => point.cuts.length > 0).map(({ cutLabels, ...point }) => ({ ...point, summary: `${point.why}: losing that zone, whichever it is, cuts ${cutLabels.join(', ')}` }));
}

/** The paths worth following, from the unbroken network. */
function pathsOf(scene: Omit<Scene, 'paths'>, natComponents: ReadonlySet<string>): ResiliencePath[] {
  const components = scene.topology.components;
  const endpoints = components.filter((component) => !scene.forwarders.has(component.address) && !natComponents.has(component.address));
  // A host that opens SSH to other components, or one named a bastion or jump host (one reached through
  // Session Manager opens no SSH at all), is how operators get in, not part of the service.
  const sshHops = scene.baseline
    .filter((flow) => flow.ports.some((range) => coversPort(range, 22)) && components.some((component) => component.address === flow.to && component.address !== flow.from))
    .map((flow) => flow.from);
  const named = components.filter((component) => component.kind === 'instance' && /bastion|jump/i.test(`${component.address} ${component.label}`)).map((component) => component.address);
  const jumpHosts = new Set([...sshHops, ...named]);
  const sources = [INTERNET, ...(scene.baseline.some((flow) => flow.from === ADMIN) ? [ADMIN] : [])];
  const entry = sources.flatMap((source) => {
    const reached = endpoints.filter((target) => scene.reaches(source, target.address));
    // A load balancer the internet reaches that forwards to nothing known (a redirect, targets outside the input) is an entry of its own.
    const bare = components.filter((forwarder) => scene.forwarders.has(forwarder.address) && scene.reaches(source, forwarder.address) && !reached.some((target) => scene.reaches(forwarder.address, target.address)));
    return [...reached, ...bare].map((target): ResiliencePath => ({
      id: `${source} -> ${target.address}`,
      from: source,
      to: target.address,
      label: `${label(scene.topology, source)} → ${target.label}`,
      kind: 'entry',
      service: source === INTERNET && !jumpHosts.has(target.address),
    }));
  });
  const internal = endpoints.flatMap((source) =>
    endpoints
      .filter((target) => target !== source && scene.reaches(source.address, target.address))
      .map((target): ResiliencePath => ({
        id: `${source.address} -> ${target.address}`,
        from: source.address,
        to: target.address,
        label: `${source.label} → ${target.label}`,
        kind: 'internal',
        service: !jumpHosts.has(source.address),
      })),
  );
  const egress = endpoints
    .filter((component) => component.kind !== 'rds' && component.subnets.some((subnet) => egressVia(subnet, component) === 'igw' || egressVia(subnet, component) === 'nat'))
    .map((component): ResiliencePath => ({ id: `${component.address} -> egress`, from: component.address, to: 'egress', label: `${component.label} egress`, kind: 'egress', service: !jumpHosts.has(component.address) }));
  return [...entry, ...internal, ...egress];
}

function notesOf(scene: Scene, zones: readonly string[]): string[] {
  const unplaced = scene.topology.subnets.filter((subnet) => zoneOf(subnet) === undefined);
  const byId = zones.filter((zone) => /-az\d+$/.test(zone));
  return [
    ...(zones.length === 0 ? ['No Availability Zone is fixed in this input (subnets and instances name none the review can read), so no zone loss is simulated.'] : []),
    ...(unplaced.length > 0
      ? [`${unplaced.length} subnet(s) have a zone the input does not fix (${unplaced.map((subnet) => subnet.name).join(', ')}): what sits in them is unknown with a zone lost, never "survives".`]
      : []),
    ...(byId.length > 0 && byId.length < zones.length ? [`Zones are named both by name and by id (${byId.join(', ')}): the review cannot tell which name and id are the same zone.`] : []),
    ...scene.topology.components
      .filter((component) => component.subnets.length === 0 && component.unknown.subnets.length > 0)
      .map((component) => `${component.label}: ${component.unknown.subnets.join('; ')}, so its zone is unknown.`),
    'Not modelled: whether the zones left have the capacity to take the load, interface VPC endpoints (their per-zone interfaces), and regional services (S3, Route 53, KMS), which are taken to survive.',
  ];
}

const cache = new WeakMap<Topology, Resilience>();

/**
 * For each Availability Zone, the paths that survive its loss: the reachability analysis run again
 * on the topology without that zone's subnets and what lives only there, and egress followed to its
 * NAT. A zone the input does not fix makes the answer unknown, never "survives".
 */
export function resilienceOf(model: Model, topology: Topology): Resilience {
  const cached = cache.get(topology);
  if (cached !== undefined) {
    return cached;
  }
  const placements = new Map(topology.components.map((component) => [component.address, placementOf(model, component)]));
  const natComponents = natComponentsOf(model, topology);
  const forwarders = new Set(topology.components.filter((component) => isLoadBalancer(component.kind)).map((component) => component.address));
  const targets = [...new Set(topology.subnets.flatMap((subnet) => (subnet.defaultRoute.via === 'nat' ? [subnet.defaultRoute.target] : [])))];
  const nats = new Map(targets.map((target) => [target, natTargetOf(model, topology, target, natComponents)]));
  const baseline = knownFlows(topology);
  const partial = { model, topology, placements, forwarders, nats, baseline, reaches: reachesOver(baseline, forwarders) };
  const scene: Scene = { ...partial, paths: pathsOf(partial, new Set([...natComponents.values()].map((component) => component.address))) };
  const zones = [
    ...new Set([...placements.values()].flatMap((placement) => (placement.mode === 'spread' || placement.zoneKnown ? placement.zones : [])).concat(topology.subnets.flatMap((subnet) => zoneOf(subnet) ?? []))),
  ].sort();
  const result: Resilience = {
    zones,
    paths: scene.paths,
    losses: scene.paths.length === 0 ? [] : zones.map((zone) => zoneLoss(scene, zone)),
    singlePoints: singlePoints(scene),
    production: productionOf(model),
    notes: notesOf(scene, zones),
  };
  cache.set(topology, result);
  return result;
}
