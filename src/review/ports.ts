/** A protocol with a port range; protocol `all` stands for every protocol and port. */
export interface PortRange {
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
}

export function coversPort(range: PortRange, port: number): boolean {
  return (range.protocol === 'all' || range.protocol === 'tcp') && range.from <= port && port <= range.to;
}

/** The overlap of two ranges, if any. */
export function intersect(a: PortRange, b: PortRange): PortRange | undefined {
  const protocol = a.protocol === 'all' ? b.protocol : b.protocol === 'all' || b.protocol === a.protocol ? a.protocol : undefined;
  const from = Math.max(a.from, b.from);
  const to = Math.min(a.to, b.to);
  return protocol === undefined || from > to ? undefined : { protocol, from, to };
}

/** Merged, sorted ranges: `all` swallows everything, overlapping ranges of one protocol join. */
export function normalize(ranges: readonly PortRange[]): readonly PortRange[] {
  const all = ranges.find((range) => range.protocol === 'all' && range.from === 0 && range.to === 65535);
  if (all !== undefined) {
    return [all];
  }
  const sorted = [...ranges].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.from - b.from || a.to - b.to);
  const merged: PortRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.protocol === range.protocol && range.from <= last.to + 1) {
      merged[merged.length - 1] = { ...last, to: Math.max(last.to, range.to) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** `tcp/80,443`, `tcp/1024-65535`, `all`. */
export function formatPorts(ranges: readonly PortRange[]): string {
  const normalized = normalize(ranges);
  if (normalized.length === 0) {
    return 'none';
  }
  const byProtocol = new Map<string, string[]>();
  for (const range of normalized) {
    if (range.protocol === 'all' && range.from === 0 && range.to === 65535) {
      return 'all';
    }
    const ports = range.from === 0 && range.to === 65535 ? 'all ports' : range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`;
    byProtocol.set(range.protocol, [...(byProtocol.get(range.protocol) ?? []), ports]);
  }
  return [...byProtocol].map(([protocol, ports]) => `${protocol}/${ports.join(',')}`).join(' ');
}
