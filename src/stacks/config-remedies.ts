import { environmentPrefix } from '../config';
import type { Finding } from '../review/rules/types';

/** A config field whose value makes the stacks satisfy a rule. */
export interface ConfigRemedy {
  readonly field: string;
  /** The value as JSON, as a config file or a `TT_<ENV>__` variable takes it. */
  readonly value: string;
}

/**
 * The config field that clears each error-level finding a configuration can cause in these stacks
 * (the other rules guard what the constructs always build right, or what config validation already
 * refuses, such as prod without a domain). A test sets each field wrong and right and watches the
 * finding come and go.
 */
export const CONFIG_REMEDIES: Readonly<Record<string, ConfigRemedy>> = {
  'TT-RDS-003': { field: 'database.backupRetentionDays', value: '7' },
  'TT-RDS-004': { field: 'database.deletionProtection', value: 'true' },
  'TT-RDS-005': { field: 'database.multiAz', value: 'true' },
  'TT-ALB-007': { field: 'waf.enabled', value: 'true' },
  'TT-VPC-002': { field: 'network.flowLogs.enabled', value: 'true' },
};

/** `{ "database": { "deletionProtection": true } }` for `database.deletionProtection` = `true`. */
function asFileFragment(remedy: ConfigRemedy): string {
  return remedy.field.split('.').reduceRight((inner, key) => `{ ${JSON.stringify(key)}: ${inner} }`, remedy.value);
}

/**
 * How a config user deals with one finding of a stack built from config: the config field that fixes
 * it (in the environment's file or as a variable), or else the rule's own fix; and the `suppressions`
 * entry that accepts it. `stack` is the environment's name, or `state` (whose config is common.json).
 */
export function describeForConfig(finding: Finding, stack: string, configDir: string): string {
  const file = `${configDir}/${stack === 'state' ? 'common' : stack}.json`;
  const remedy = CONFIG_REMEDIES[finding.id];
  const variable = stack === 'state' ? 'TT__' : environmentPrefix(stack);
  const fix =
    remedy === undefined
      ? `fix: ${finding.fix}`
      : `fix in config: ${remedy.field} = ${remedy.value} (in ${file}: ${asFileFragment(remedy)}, or ${variable}${remedy.field.split('.').join('__')}=${remedy.value.includes('"') ? `'${remedy.value}'` : remedy.value})`;
  const suppression = `{ "id": ${JSON.stringify(finding.id)}, "address": ${JSON.stringify(finding.address)}, "reason": "<why it is acceptable, 10+ characters>" }`;
  return `${stack}: ${finding.id} ${finding.address}: ${finding.message}\n      ${fix}\n      or accept it with a reason, in ${file}: "suppressions": [${suppression}]`;
}
