import { isArray, isObject, str, type JsonObject } from '../json';
import { displayName, ofType, type Resource } from '../model';
import type { Rule, Violation } from './types';

const BASE64_CALL = /^\$\{base64encode\(([\s\S]*)\)\}$/;
const BASE64_TEXT = /^[A-Za-z0-9+/\s]+={0,2}$/;

/** The script text of a user-data value: cdktf's `${base64encode("...")}`, a base64 string, or plain text. */
export function userDataText(value: string): string {
  const call = BASE64_CALL.exec(value);
  if (call !== null) {
    const literal = call[1];
    try {
      const parsed: unknown = JSON.parse(literal);
      return typeof parsed === 'string' ? parsed : literal;
    } catch {
      // An HCL template that is not a plain JSON string literal: scan it as it stands.
      return literal;
    }
  }
  if (value.length >= 16 && BASE64_TEXT.test(value)) {
    return Buffer.from(value, 'base64').toString('utf8');
  }
  return value;
}

const ENV_NAMES = /^env_names=\(([^)]*)\)$/m;
const ENV_VALUES = /^env_values=\((.*)\)$/m;

/**
 * The container environment of this project's boot script as `NAME=value` lines: it carries each value
 * as base64 pieces joined by dots (`env_names=(...)`, `env_values=('...' ...)`), which a scan of the
 * script text alone would never see. Pieces that are Terraform references stay references.
 */
export function encodedEnvironment(text: string): string {
  const names = ENV_NAMES.exec(text)?.[1].trim().split(/\s+/) ?? [];
  const values = [...(ENV_VALUES.exec(text)?.[1] ?? '').matchAll(/'([^']*)'/g)].map((match) => match[1]);
  return names
    .map((name, index) => {
      const pieces = (values[index] ?? '').split(/\.(?![^{]*\})/).filter((piece) => piece !== '');
      const value = pieces.map((piece) => (piece.includes('${') ? piece : Buffer.from(piece, 'base64').toString('utf8'))).join('');
      return `${name}=${value}`;
    })
    .join('\n');
}

/** Names that hold credentials; references (`${...}`) and shell substitutions (`$(...)`) are not literals. */
const SECRET_ASSIGNMENT = /\b([A-Za-z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY)[A-Za-z0-9_]*)\s*[=:]\s*['"]?([^\s'"$`\\]{4,})/gi;
// `_B64`: the boot script's base64 copy of such a value (`secret_arn_b64`), still not a secret.
const NOT_A_SECRET_NAME = /(_ARN|_ID|_NAME|_FILE|_PATH|_URL|_REGION)(_B64)?$/i;
const PATTERNS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a private key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
];

/** What kinds of secret a script holds, without the secrets themselves. */
export function secretsIn(text: string): readonly string[] {
  const found = PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ what }) => what);
  for (const match of text.matchAll(SECRET_ASSIGNMENT)) {
    if (!NOT_A_SECRET_NAME.test(match[1])) {
      found.push(`a literal value for ${match[1]}`);
    }
  }
  return [...new Set(found)];
}

export const userDataSecrets: Rule = {
  id: 'TT-SEC-001',
  title: 'No secrets in user data',
  severity: 'error',
  fix: "Pass the secret's ARN or SSM parameter name instead and fetch it at boot with the instance role (anyone with ec2:DescribeInstanceAttribute can read user data).",
  peers: ['CKV_AWS_46', 'CKV_SECRET_2'],
  check: ({ model }) =>
    ofType(model, 'aws_instance', 'aws_launch_template').flatMap((resource): Violation[] => {
      const scripts = [resource.values.user_data, resource.values.user_data_base64].filter((value): value is string => typeof value === 'string');
      const kinds = [
        ...new Set(
          scripts.flatMap((script) => {
            const text = userDataText(script);
            return secretsIn(`${text}\n${encodedEnvironment(text)}`);
          }),
        ),
      ];
      return kinds.length === 0 ? [] : [{ address: resource.address, message: `${displayName(resource)} user data holds ${kinds.join(', ')}` }];
    }),
};

const SECRET_KEY = /(^|_)(password|passwd|secret|token|private_key|secret_key|access_key|api_key|secret_string)(_|$)/i;
// `secret_status` ("active") of a managed master password, a WAF `lock_token`: named like secrets, holding none.
const NOT_A_SECRET_KEY = /(_arn|_ids?|_names?|_version|_length|_type|_kms_key_id|_status)$|^user_data(_base64)?$|^lock_token$/i;
const MASTER_PASSWORD_KEYS = ['password', 'master_password'];

/** Paths of attributes whose names say "secret" and whose values are literal strings. */
function literalSecrets(value: unknown, path: string): string[] {
  if (isArray(value)) {
    return value.flatMap((item, index) => literalSecrets(item, `${path}[${index}]`));
  }
  if (!isObject(value)) {
    return [];
  }
  return Object.entries(value).flatMap(([key, item]) => {
    const here = path === '' ? key : `${path}.${key}`;
    const literal = typeof item === 'string' && item !== '' && !item.includes('${');
    return SECRET_KEY.test(key) && !NOT_A_SECRET_KEY.test(key) && literal ? [here] : literalSecrets(item, here);
  });
}

function masterPasswordFromState(resource: Resource): string | undefined {
  return MASTER_PASSWORD_KEYS.find((key) => str(resource.values[key])?.includes('${') === true);
}

/** The values a user wrote: in a plan with configuration, the configured attributes; the provider computes the rest. */
function written(resource: Resource): JsonObject {
  const configured = resource.configured;
  return configured === undefined ? resource.values : Object.fromEntries(Object.entries(resource.values).filter(([key]) => configured.has(key)));
}

export const plainSecrets: Rule = {
  id: 'TT-SEC-002',
  title: 'No secrets in plain attributes',
  severity: 'error',
  fix: 'Let AWS hold the secret (RDS manage_master_user_password = true, Secrets Manager, SSM SecureString) and pass references, never values.',
  peers: ['CKV_SECRET_6', 'CKV_AWS_46'],
  check: ({ model }) =>
    model.resources.flatMap((resource): Violation[] => {
      const literal = literalSecrets(written(resource), '').map((path) => ({
        address: resource.address,
        subject: { facts: [path] },
        message: `${displayName(resource)}: ${path} is a literal secret, written into cdk.tf.json, the plan and the state`,
      }));
      const passthrough = ['aws_db_instance', 'aws_rds_cluster'].includes(resource.type) ? masterPasswordFromState(resource) : undefined;
      const state: Violation[] =
        passthrough === undefined
          ? []
          : [{ address: resource.address, severity: 'warning', message: `${displayName(resource)}: ${passthrough} comes from another resource, so the master password sits in the Terraform state` }];
      return [...literal, ...state];
    }),
};
