import { alarmCoverageOf, type AlarmCoverage } from './alarms';
import { costOf, type CostReport } from './cost';
import { layoutOf, toMermaid } from './diagram';
import { isProduction, type Model, type NotAnalysed } from './model';
import { loadPriceTable, loadUsage, type PriceTable, type UsageAssumptions } from './prices';
import { productionOf } from './production';
import { reachabilityOf, type Reachability } from './reachability';
import { resilienceOf, type Resilience } from './resilience';
import { runRules } from './rules';
import type { Finding } from './rules/types';
import { summaryOf, type Summary } from './summary';
import { applySuppressions, type ConfigSuppression, type SuppressedFinding, type UnusedSuppression } from './suppressions';
import { topologyOf } from './topology';
import { readable } from './readable';

export interface ReviewOptions {
  /** Suppressions from configuration, on top of those declared beside the resources. */
  readonly suppressions?: readonly ConfigSuppression[];
  readonly prices?: PriceTable;
  readonly usage?: UsageAssumptions;
}

/** Everything `npm run review` reports about one stack or plan. */
export interface Review {
  readonly origin: string;
  readonly kind: Model['kind'];
  readonly environment: string | undefined;
  readonly production: boolean;
  readonly summary: Summary;
  /** Unsuppressed findings. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly unusedSuppressions: readonly UnusedSuppression[];
  readonly reachability: Reachability;
  readonly cost: CostReport;
  /** The architecture diagram as Mermaid (the SVG needs Graphviz: `npm run diagram`). */
  readonly mermaid: string;
  /** What the input holds that no analysis reads: never counted as clean. */
  readonly notAnalysed: NotAnalysed;
  /** The paths that survive the loss of each Availability Zone. */
  readonly resilience: Resilience;
  /** Stacks known to be production: the alarms each monitored resource has and lacks. */
  readonly alarms?: readonly AlarmCoverage[];
}

/** The reachability statements as a reader gets them: no `${...}` placeholder. */
function readableReachability(reachability: Reachability): Reachability {
  return {
    ...reachability,
    unknown: reachability.unknown.map((flow) => ({ ...flow, why: flow.why.map(readable) })),
    paths: reachability.paths.map(readable),
    notes: reachability.notes.map(readable),
    unknownRouting: reachability.unknownRouting.map(readable),
    targets: reachability.targets.map((target) => ({
      ...target,
      unknown: { groups: target.unknown.groups.map(readable), subnets: target.unknown.subnets.map(readable), publicIp: target.unknown.publicIp === undefined ? undefined : readable(target.unknown.publicIp) },
    })),
  };
}

function readableCost(cost: CostReport): CostReport {
  return {
    ...cost,
    lines: cost.lines.map((line) => ({ ...line, item: readable(line.item) })),
    unpriced: cost.unpriced.map((item) => ({ ...item, item: readable(item.item), reason: readable(item.reason) })),
  };
}

export function review(model: Model, options: ReviewOptions = {}): Review {
  const topology = topologyOf(model);
  const { active, suppressed, unused } = applySuppressions(
    model,
    runRules(model, topology).map((finding) => ({ ...finding, message: readable(finding.message) })),
    options.suppressions,
  );
  const reachability = readableReachability(reachabilityOf(topology));
  return {
    origin: model.origin,
    kind: model.kind,
    environment: model.environment,
    production: isProduction(model),
    summary: summaryOf(model, topology),
    findings: active,
    suppressed,
    unusedSuppressions: unused,
    reachability,
    cost: readableCost(costOf(model, topology, options.prices ?? loadPriceTable(), options.usage ?? loadUsage())),
    mermaid: toMermaid(layoutOf(model, topology, reachability)),
    notAnalysed: model.notAnalysed,
    resilience: resilienceOf(model, topology),
    ...(productionOf(model).production === true ? { alarms: alarmCoverageOf(model, topology) } : {}),
  };
}

/** Error-level findings left after suppressions: they fail CI and synth. */
export function errorsOf(result: Pick<Review, 'findings'>): readonly Finding[] {
  return result.findings.filter((finding) => finding.severity === 'error');
}
