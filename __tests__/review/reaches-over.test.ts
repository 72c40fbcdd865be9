import fc from 'fast-check';
import { reachesOver, type Flow } from '../../src/review/reachability';

/**
 * `reachesOver` walks each source once (the resilience analysis asks it about every pair, per lost
 * zone): it must agree with the definition, written here independently as every path of flows whose
 * inner hops are all load balancers (forwarders), found by trying every simple path.
 */

const flow = (from: string, to: string): Flow => ({ from, to, ports: [{ from: 443, to: 443, protocol: 'tcp' }] });

function byDefinition(flows: readonly Flow[], forwarders: ReadonlySet<string>, from: string, to: string): boolean {
  const walk = (node: string, visited: ReadonlySet<string>): boolean =>
    flows.some((next) => next.from === node && (next.to === to || (forwarders.has(next.to) && !visited.has(next.to) && walk(next.to, new Set([...visited, next.to])))));
  return walk(from, new Set([from]));
}

describe('reachesOver', () => {
  it('follows load balancers, not servers: the internet reaches the app through two ALBs, never the database behind the app', () => {
    const reaches = reachesOver([flow('internet', 'alb-public'), flow('alb-public', 'alb-internal'), flow('alb-internal', 'app'), flow('app', 'db')], new Set(['alb-public', 'alb-internal']));
    expect(reaches('internet', 'app')).toBe(true);
    expect(reaches('internet', 'alb-internal')).toBe(true);
    expect(reaches('app', 'db')).toBe(true);
    expect(reaches('internet', 'db')).toBe(false);
    expect(reaches('db', 'app')).toBe(false);
  });

  it('agrees with every path through forwarders on random graphs, asked in any order', () => {
    const nodes = ['internet', 'a', 'b', 'c', 'd', 'e', 'f'];
    const node = fc.constantFrom(...nodes);
    fc.assert(
      fc.property(fc.array(fc.tuple(node, node), { maxLength: 18 }), fc.subarray(nodes), fc.array(fc.tuple(node, node), { minLength: 1, maxLength: 30 }), (edges, forwarding, questions) => {
        const flows = edges.map(([from, to]) => flow(from, to));
        const forwarders = new Set(forwarding);
        const reaches = reachesOver(flows, forwarders);
        for (const [from, to] of questions) {
          expect(reaches(from, to)).toBe(byDefinition(flows, forwarders, from, to));
        }
      }),
      { numRuns: 300 },
    );
  });
});
