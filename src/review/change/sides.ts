import { ReviewInputError } from '../errors';
import { isArray, isObject, str, type JsonObject } from '../json';
import { loadInput, readJsonFile } from '../load';
import { changeKind } from '../from-plan';
import { createModel, type ChangeKind, type Model } from '../model';
import { priorStateModel } from './prior-state';

/** One `resource_changes` entry of a plan, as Terraform wrote it. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Attribute paths that force the replacement (`replace_paths`), joined with dots. */
  readonly replacePaths: readonly string[];
  readonly before: JsonObject | undefined;
  readonly after: JsonObject | undefined;
  /** Top-level attributes known only after apply. */
  readonly unknownAfter: ReadonlySet<string>;
  /** The address before a `moved` block (`previous_address`), when it moved. */
  readonly previousAddress: string | undefined;
}

/** The two states a change review compares, and the plan's own actions when one plan is the change. */
export interface ChangeSides {
  readonly before: Model;
  readonly after: Model;
  /** Set when the change is one plan: Terraform's own actions, replace paths and raw values. */
  readonly planned: readonly PlannedChange[] | undefined;
  /** `moved` blocks of the after plan: previous address to address. */
  readonly moves?: ReadonlyMap<string, string>;
  /** Addresses the after plan forgets (`removed` blocks with `destroy = false`): they stay deployed. */
  readonly forgotten?: ReadonlySet<string>;
}

function pathText(path: unknown): string {
  return isArray(path) ? path.filter((step) => typeof step === 'string').join('.') : String(path);
}

/** The managed entries of a plan's `resource_changes`. */
export function plannedChanges(plan: JsonObject): readonly PlannedChange[] {
  return (isArray(plan.resource_changes) ? plan.resource_changes : []).flatMap((entry): PlannedChange[] => {
    if (!isObject(entry) || entry.mode !== 'managed' || !isObject(entry.change)) {
      return [];
    }
    const { change } = entry;
    const address = str(entry.address);
    const type = str(entry.type);
    const kind = changeKind(change.actions);
    if (address === undefined || type === undefined || kind === undefined) {
      throw new ReviewInputError(`plan JSON: resource_changes entry ${address ?? '(no address)'} has no address, type or known actions`);
    }
    const unknown = isObject(change.after_unknown)
      ? Object.entries(change.after_unknown)
          .filter(([, value]) => value === true)
          .map(([key]) => key)
      : [];
    return [
      {
        address,
        type,
        kind,
        replacePaths: isArray(change.replace_paths) ? [...new Set(change.replace_paths.map(pathText))] : [],
        before: isObject(change.before) ? change.before : undefined,
        after: isObject(change.after) ? change.after : undefined,
        unknownAfter: new Set(unknown),
        previousAddress: str(entry.previous_address),
      },
    ];
  });
}

function planJsonOf(model: Model): JsonObject {
  const json = readJsonFile(model.origin);
  if (!isObject(json)) {
    throw new ReviewInputError(`${model.origin} is not a plan JSON object`);
  }
  return json;
}

/**
 * Loads both sides of a change. With a base, each side is a stack name, a cdk.tf.json or a plan
 * JSON; without one, `after` must be a plan and its prior state is the "before".
 */
/** What the after plan moves (`moved` blocks) and forgets (`removed` blocks): they hold whatever the other side is. */
function movesAndForgets(planned: readonly PlannedChange[]): { readonly moves: ReadonlyMap<string, string>; readonly forgotten: ReadonlySet<string> } {
  return {
    moves: new Map(planned.flatMap((change) => (change.previousAddress === undefined || change.previousAddress === change.address ? [] : [[change.previousAddress, change.address] as const]))),
    forgotten: new Set(planned.filter((change) => change.kind === 'forget').map((change) => change.address)),
  };
}

export function loadChange(base: string | undefined, after: string, outdir?: string): ChangeSides {
  const afterModel = loadInput(after, outdir);
  if (base !== undefined) {
    const before = loadInput(base, outdir);
    return { before, after: afterModel, planned: undefined, ...(afterModel.kind === 'plan' ? movesAndForgets(plannedChanges(planJsonOf(afterModel))) : {}) };
  }
  if (afterModel.kind !== 'plan') {
    throw new ReviewInputError(`--base is missing: ${afterModel.origin} is a synthesized stack, which holds no change on its own (give --base <stack | cdk.tf.json | plan.json>, or a plan JSON)`);
  }
  const plan = planJsonOf(afterModel);
  const planned = plannedChanges(plan);
  return { before: priorStateModel(plan, afterModel.origin), after: afterModel, planned, ...movesAndForgets(planned) };
}

/** The after model carrying the change's actions, so the plan rules (stateful replacement) judge two synths alike. */
export function withChanges(model: Model, changes: readonly { readonly address: string; readonly type: string; readonly kind: ChangeKind }[]): Model {
  return createModel({ ...model, changes: changes.map(({ address, type, kind }) => ({ address, type, kind })) });
}
