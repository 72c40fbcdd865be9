import type { CostLine, CostReport } from '../cost';

/** One resource's monthly cost before and after. */
export interface CostDeltaLine {
  readonly address: string;
  readonly resource: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  /** Of which public IPv4 addresses ($0.005/h each): the charge Infracost leaves out. */
  readonly ipv4Delta: number;
  /** A line of this resource has no price on either side: its delta leaves that out. */
  readonly unpriced: boolean;
}

export interface CostDelta {
  readonly currency: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
  /**
   * The difference over resources priced on both sides: a resource with a line unpriced on either side
   * (an engine with no price after a replacement) changes by an unknown amount, never by its priced part.
   */
  readonly pricedDelta: number;
  /** Public IPv4 charges alone. */
  readonly ipv4: { readonly before: number; readonly after: number; readonly delta: number };
  /** Resources whose cost changes, largest change first. */
  readonly lines: readonly CostDeltaLine[];
  /** Lines without a price, per side: their cost is in neither total. */
  readonly unknownLines: { readonly before: number; readonly after: number };
  readonly notPriced: readonly string[];
}

const IPV4 = 'ipv4:public';

function monthly(lines: readonly CostLine[]): number {
  return lines.reduce((total, line) => total + (line.monthly ?? 0), 0);
}

function byAddress(report: CostReport): ReadonlyMap<string, readonly CostLine[]> {
  const map = new Map<string, CostLine[]>();
  for (const line of report.lines) {
    map.set(line.address, [...(map.get(line.address) ?? []), line]);
  }
  return map;
}

/** Addresses with something unpriced: a line without a price, or a resource of a type not priced at all (a Classic ELB). */
function unpricedAddresses(report: CostReport): ReadonlySet<string> {
  return new Set(report.unpriced.map((item) => item.address));
}

/** `module.a.aws_elb.web[0]` -> `web`: the name of a resource that has no cost line to take one from. */
function nameOf(address: string): string {
  return address.replace(/^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*[\w-]+\./, '').replace(/\[.*$/, '');
}

/** Monthly cost before, after and the difference per resource, like Infracost's diff, public IPv4 included. */
export function costDelta(before: CostReport, after: CostReport): CostDelta {
  const was = byAddress(before);
  const now = byAddress(after);
  const unpricedBefore = unpricedAddresses(before);
  const unpricedAfter = unpricedAddresses(after);
  const addresses = [...new Set([...was.keys(), ...now.keys(), ...unpricedBefore, ...unpricedAfter])];
  const all = addresses.map((address): CostDeltaLine => {
    const old = was.get(address) ?? [];
    const current = now.get(address) ?? [];
    const ipv4 = (lines: readonly CostLine[]): number => monthly(lines.filter((line) => line.priceKey === IPV4));
    return {
      address,
      resource: (current[0] ?? old[0])?.resource ?? nameOf(address),
      before: monthly(old),
      after: monthly(current),
      delta: monthly(current) - monthly(old),
      ipv4Delta: ipv4(current) - ipv4(old),
      unpriced: unpricedBefore.has(address) || unpricedAfter.has(address) || [...old, ...current].some((line) => line.monthly === undefined),
    };
  });
  const lines = all.filter((line) => Math.abs(line.delta) >= 0.005 || line.unpriced).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.address.localeCompare(b.address));
  const ipv4Before = monthly(before.lines.filter((line) => line.priceKey === IPV4));
  const ipv4After = monthly(after.lines.filter((line) => line.priceKey === IPV4));
  return {
    currency: after.currency,
    before: before.total,
    after: after.total,
    delta: after.total - before.total,
    pricedDelta: all.reduce((sum, line) => sum + (line.unpriced ? 0 : line.delta), 0),
    ipv4: { before: ipv4Before, after: ipv4After, delta: ipv4After - ipv4Before },
    lines,
    unknownLines: { before: before.unknownLines, after: after.unknownLines },
    notPriced: [...new Set([...before.notPriced, ...after.notPriced])].sort(),
  };
}
