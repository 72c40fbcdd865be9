import { isArray, isObject, str, strings, type JsonObject } from '../json';
import { displayName, ofType, referencedOne, type Model } from '../model';
import { formatPorts } from '../ports';
import { topologyOf, type SgRule } from '../topology';

/** One security-group permission: one group, direction, port range and peer (a CIDR or a group). */
export interface SgPermission {
  readonly group: string;
  readonly direction: 'ingress' | 'egress';
  readonly ports: string;
  readonly peer: string;
  readonly description: string | undefined;
}

/** One IAM permission: one owner (role, policy, bucket), effect, action, resource and principal. */
export interface IamPermission {
  readonly owner: string;
  readonly effect: string;
  readonly action: string;
  readonly resource: string;
  readonly principal: string;
  readonly condition: string;
  /** The resource declaring it. */
  readonly source: string;
}

export interface Broadening {
  /** Permissions the change adds: what `cdk diff` marks with + and `--require-approval broadening` stops on. */
  readonly securityGroups: { readonly added: readonly SgPermission[]; readonly removed: readonly SgPermission[] };
  readonly iam: { readonly added: readonly IamPermission[]; readonly removed: readonly IamPermission[] };
  /** Policies whose text is known only after apply (interpolated documents): not compared, said so. */
  readonly notAnalysed: readonly string[];
  /** Added permissions that broaden: SG rules, and IAM Allow statements (or removed Deny statements). */
  readonly broadens: boolean;
}

function groupName(model: Model, address: string): string {
  const group = model.byAddress.get(address);
  return group === undefined ? address : displayName(group);
}

function sgPermissions(model: Model): readonly SgPermission[] {
  return topologyOf(model).rules.flatMap((rule: SgRule) => {
    const ports = formatPorts([{ protocol: rule.protocol, from: rule.from, to: rule.to }]);
    const peers = [...rule.cidrs, ...rule.peers.map((peer) => `sg ${groupName(model, peer)}`)];
    return (peers.length > 0 ? peers : ['(no peer)']).map((peer) => ({ group: groupName(model, rule.group), direction: rule.direction, ports, peer, description: rule.description }));
  });
}

/** `{ Service: 'ec2.amazonaws.com' }` -> `Service:ec2.amazonaws.com`; `"*"` stays. */
function principals(statement: JsonObject): readonly string[] {
  const negated = statement.NotPrincipal !== undefined;
  const value = statement.Principal ?? statement.NotPrincipal;
  if (value === undefined) {
    return [''];
  }
  const list = isObject(value) ? Object.entries(value).flatMap(([kind, ids]) => strings(ids).map((id) => `${kind}:${id}`)) : strings(value);
  return list.map((principal) => (negated ? `NOT ${principal}` : principal));
}

function listOf(statement: JsonObject, key: string, notKey: string): readonly string[] {
  const positive = strings(statement[key]);
  const negative = strings(statement[notKey]).map((item) => `NOT ${item}`);
  const all = [...positive, ...negative];
  return all.length > 0 ? all : [''];
}

function statements(document: unknown): readonly JsonObject[] | undefined {
  let parsed: unknown = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  if (!isObject(parsed)) {
    return undefined;
  }
  const list = parsed.Statement;
  return isObject(list) ? [list] : isArray(list) ? list.filter(isObject) : undefined;
}

/** Where each type keeps its policy documents, and whose they are. */
const POLICY_ATTRIBUTES: Readonly<Record<string, { readonly attribute: string; readonly owner?: string }>> = {
  aws_iam_role: { attribute: 'assume_role_policy' },
  aws_iam_role_policy: { attribute: 'policy', owner: 'role' },
  aws_iam_user_policy: { attribute: 'policy', owner: 'user' },
  aws_iam_group_policy: { attribute: 'policy', owner: 'group' },
  aws_iam_policy: { attribute: 'policy' },
  aws_s3_bucket_policy: { attribute: 'policy', owner: 'bucket' },
  aws_kms_key: { attribute: 'policy' },
  aws_secretsmanager_secret_policy: { attribute: 'policy', owner: 'secret_arn' },
};

const ATTACHMENTS: Readonly<Record<string, string>> = { aws_iam_role_policy_attachment: 'role', aws_iam_user_policy_attachment: 'user', aws_iam_group_policy_attachment: 'group' };

/** The types whose permissions the broadening section reads. */
export const PERMISSION_TYPES: ReadonlySet<string> = new Set([...Object.keys(POLICY_ATTRIBUTES), ...Object.keys(ATTACHMENTS)]);

function iamPermissions(model: Model): { readonly permissions: readonly IamPermission[]; readonly notAnalysed: readonly { readonly address: string; readonly reason: string }[] } {
  const permissions: IamPermission[] = [];
  const notAnalysed: { address: string; reason: string }[] = [];
  const ownerName = (value: unknown, fallback: string): string => {
    const referenced = referencedOne(model, value);
    return referenced === undefined ? (str(value) ?? fallback) : displayName(referenced);
  };
  for (const [type, { attribute, owner }] of Object.entries(POLICY_ATTRIBUTES)) {
    for (const resource of ofType(model, type)) {
      const document = resource.values[attribute];
      if (document === undefined || document === null || document === '') {
        continue;
      }
      const name = `${owner === undefined ? displayName(resource) : ownerName(resource.values[owner], resource.address)} (${type === 'aws_iam_role' ? 'trust policy' : type})`;
      const list = statements(document);
      if (list === undefined) {
        notAnalysed.push({ address: resource.address, reason: `${resource.address}: the ${attribute} document is known only after apply` });
        continue;
      }
      for (const statement of list) {
        const effect = str(statement.Effect) ?? 'Allow';
        const condition = statement.Condition === undefined ? '' : JSON.stringify(statement.Condition);
        for (const action of listOf(statement, 'Action', 'NotAction')) {
          for (const target of listOf(statement, 'Resource', 'NotResource')) {
            for (const principal of principals(statement)) {
              permissions.push({ owner: name, effect, action, resource: target, principal, condition, source: resource.address });
            }
          }
        }
      }
    }
  }
  for (const [type, owner] of Object.entries(ATTACHMENTS)) {
    for (const resource of ofType(model, type)) {
      permissions.push({
        owner: `${ownerName(resource.values[owner], resource.address)} (managed policy)`,
        effect: 'Allow',
        action: 'attach',
        resource: str(resource.values.policy_arn) ?? '(unknown)',
        principal: '',
        condition: '',
        source: resource.address,
      });
    }
  }
  return { permissions, notAnalysed };
}

function difference<T>(a: readonly T[], b: readonly T[], key: (item: T) => string): readonly T[] {
  const keys = new Set(b.map(key));
  const seen = new Set<string>();
  return a.filter((item) => {
    const id = key(item);
    const fresh = !keys.has(id) && !seen.has(id);
    seen.add(id);
    return fresh;
  });
}

const sgKey = (permission: SgPermission): string => `${permission.group}|${permission.direction}|${permission.ports}|${permission.peer}`;
const iamKey = (permission: IamPermission): string => `${permission.owner}|${permission.effect}|${permission.action}|${permission.resource}|${permission.principal}|${permission.condition}`;

/** Security-group rules and IAM statements the change adds or removes, one permission at a time, as `cdk diff` lists them. */
export function broadeningOf(before: Model, after: Model): Broadening {
  const sgBefore = sgPermissions(before);
  const sgAfter = sgPermissions(after);
  // A document unknown on either side is compared on neither: its statements would read as removed or added.
  const unknown = new Set([...iamPermissions(before).notAnalysed, ...iamPermissions(after).notAnalysed].map((entry) => entry.address));
  const known = (side: Model): { readonly permissions: readonly IamPermission[]; readonly notAnalysed: readonly { readonly reason: string }[] } => {
    const read = iamPermissions(side);
    return { permissions: read.permissions.filter((permission) => !unknown.has(permission.source)), notAnalysed: read.notAnalysed };
  };
  const iamBefore = known(before);
  const iamAfter = known(after);
  const securityGroups = { added: difference(sgAfter, sgBefore, sgKey), removed: difference(sgBefore, sgAfter, sgKey) };
  const iam = { added: difference(iamAfter.permissions, iamBefore.permissions, iamKey), removed: difference(iamBefore.permissions, iamAfter.permissions, iamKey) };
  const broadens = securityGroups.added.length > 0 || iam.added.some((permission) => permission.effect !== 'Deny') || iam.removed.some((permission) => permission.effect === 'Deny');
  return { securityGroups, iam, notAnalysed: [...new Set([...iamBefore.notAnalysed, ...iamAfter.notAnalysed].map((entry) => entry.reason))], broadens };
}
