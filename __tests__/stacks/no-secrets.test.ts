import { synthEnvironment, synthState } from '../support/stacks';

const FORBIDDEN_KEYS = /(^|_)(password|passwd|secret_string|secret_binary|private_key|secret_key|access_key|token)(_|$)/;
const ALLOWED_KEYS = new Set(['manage_master_user_password']);
const SECRET_VALUES: readonly [string, RegExp][] = [
  ['an AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a PEM private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a password assignment', /(password|passwd|pwd)\s*[=:]\s*[^\s$'"{]/i],
];

/** Every key path and string value in a JSON document. */
function* walk(value: unknown, path: string): Generator<{ path: string; key?: string; text?: string }> {
  if (typeof value === 'string') {
    yield { path, text: value };
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      yield* walk(item, `${path}[${index}]`);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      yield { path: `${path}.${key}`, key };
      yield* walk(item, `${path}.${key}`);
    }
  }
}

function leaks(synthesized: string): string[] {
  const found: string[] = [];
  for (const { path, key, text } of walk(JSON.parse(synthesized), '$')) {
    if (key !== undefined && FORBIDDEN_KEYS.test(key) && !ALLOWED_KEYS.has(key)) {
      found.push(`${path}: attribute that holds a secret`);
    }
    for (const [what, pattern] of SECRET_VALUES) {
      if (text !== undefined && pattern.test(text)) {
        found.push(`${path}: ${what}`);
      }
    }
  }
  return found;
}

describe('no synthesized stack contains a password or secret value', () => {
  const stacks: readonly [string, string][] = [
    ['state', synthState({ TT__state__dynamodbLockTable: 'true' })],
    ['dev', synthEnvironment('dev')],
    ['prod', synthEnvironment('prod')],
    [
      'dev, shared ALB, access logs, ECR image',
      synthEnvironment('dev', { TT__loadBalancing__topology: 'shared', TT__loadBalancing__accessLogs: 'true', TT__backend__image: '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/api:1' }),
    ],
  ];

  it.each(stacks)('%s', (_name, synthesized) => {
    expect(leaks(synthesized)).toEqual([]);
    expect(synthesized).not.toContain('aws_secretsmanager_secret_version');
  });

  it('the scanner itself catches a password attribute, an access key and a password in user data', () => {
    const planted = JSON.stringify({ resource: { aws_db_instance: { db: { password: 'x' } }, aws_instance: { a: { user_data: 'export DB_PASSWORD=hunter2 AKIAABCDEFGHIJKLMNOP' } } } });
    expect(leaks(planted)).toEqual([
      '$.resource.aws_db_instance.db.password: attribute that holds a secret',
      '$.resource.aws_instance.a.user_data: an AWS access key id',
      '$.resource.aws_instance.a.user_data: a password assignment',
    ]);
  });
});
