import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformOnPath } from '../../../src/terraform/offline-plan';
import { resourceNamed } from '../../support/stacks';
import { describeTier } from '../../support/tiers';

const TERRAFORM_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };

export const terraformPresent = terraformOnPath();

/** `describe` when the terraform binary is on PATH (no provider needed); else skipped loudly under `tier` (failing in CI), see `describeTier`. */
export function describeWithTerraformBinary(tier: string, name: string, body: () => void): void {
  describeTier(tier, name, terraformPresent ? { available: true } : { available: false, reason: 'terraform is not on PATH, so user data cannot be rendered the way Terraform renders it' }, body);
}

/** What each kind of reference stands for in the rendered scripts: values only known after apply. */
export const PLACEHOLDERS: readonly { readonly attribute: RegExp; readonly value: string }[] = [
  { attribute: /^aws_db_instance\.[^.]+\.address$/, value: 'three-tier-dev-mysql.c9akciq32.ap-northeast-2.rds.amazonaws.com' },
  { attribute: /^aws_db_instance\.[^.]+\.port$/, value: '3306' },
  { attribute: /^aws_db_instance\.[^.]+\.master_user_secret\[0\]\.secret_arn$/, value: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:rds!db-3f1c2b7a-5d4e-4f60-9a8b-1c2d3e4f5a6b-AbCdEf' },
  { attribute: /^aws_secretsmanager_secret\.[^.]+\.arn$/, value: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:three-tier-dev-db-app-user-20260101000000000000000001-AbCdEf' },
  { attribute: /^aws_lb_target_group\.[^.]+\.arn$/, value: 'arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/backe-20260101/0123456789abcdef' },
  { attribute: /^aws_cloudwatch_log_group\.[^.]+\.name$/, value: '/three-tier-dev/LOG-GROUP' },
  { attribute: /^aws_lb\.[^.]+\.dns_name$/, value: 'three-tier-dev-alb-1234567890.ap-northeast-2.elb.amazonaws.com' },
  { attribute: /^aws_route53_zone\.[^.]+\.name$/, value: 'example.org' },
];

const REFERENCE = /\b(?:aws_[a-z0-9_]+\.[A-Za-z0-9_-]+|local)(?:\.[A-Za-z0-9_-]+|\[\d+\])+/g;

/** The user-data expression with every resource reference replaced by its placeholder's string literal. */
export function withPlaceholders(expression: string, locals: Readonly<Record<string, string>> = {}): string {
  return expression.replace(REFERENCE, (reference) => {
    if (reference.startsWith('local.')) {
      const local = locals[reference.slice('local.'.length)];
      if (local === undefined) {
        throw new Error(`no local ${reference} in the stack`);
      }
      // A JSON string is an HCL string literal with the same template sequences.
      return `(${withPlaceholders(JSON.stringify(local), locals)})`;
    }
    const placeholder = PLACEHOLDERS.find(({ attribute }) => attribute.test(reference));
    if (placeholder === undefined) {
      throw new Error(`no placeholder for ${reference}: add one to PLACEHOLDERS`);
    }
    return JSON.stringify(placeholder.value);
  });
}

/**
 * Lets Terraform evaluate user-data expressions (after withPlaceholders) in an outputs-only
 * configuration, no provider, and returns each decoded script byte for byte.
 */
export function renderWithTerraform(expressions: Readonly<Record<string, string>>): Record<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'tt-render-'));
  try {
    const output = Object.fromEntries(Object.entries(expressions).map(([name, value]) => [name, { value }]));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ output }));
    for (const args of [
      ['init', '-input=false', '-no-color'],
      ['apply', '-auto-approve', '-input=false', '-no-color'],
    ]) {
      const result = spawnSync('terraform', args, { cwd: dir, encoding: 'utf8', env: TERRAFORM_ENV });
      if (result.status !== 0) {
        throw new Error(`terraform ${args[0]} failed:\n${result.stderr.slice(0, 4000)}`);
      }
    }
    const shown = spawnSync('terraform', ['output', '-json'], { cwd: dir, encoding: 'utf8', env: TERRAFORM_ENV });
    const parsed: unknown = JSON.parse(shown.stdout);
    const rendered: Record<string, Buffer> = {};
    for (const name of Object.keys(expressions)) {
      const value: unknown = typeof parsed === 'object' && parsed !== null ? Object.entries(parsed).find(([key]) => key === name)?.[1] : undefined;
      const text = typeof value === 'object' && value !== null ? Object.entries(value).find(([key]) => key === 'value')?.[1] : undefined;
      if (typeof text !== 'string') {
        throw new Error(`terraform output ${name} is not a string`);
      }
      rendered[name] = Buffer.from(text, 'base64');
    }
    return rendered;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function localsOf(synthesized: string): Record<string, string> {
  const parsed: unknown = JSON.parse(synthesized);
  const locals = typeof parsed === 'object' && parsed !== null ? Object.entries(parsed).find(([key]) => key === 'locals')?.[1] : undefined;
  return typeof locals === 'object' && locals !== null ? Object.fromEntries(Object.entries(locals).map(([key, value]) => [key, String(value)])) : {};
}

/** The user_data expression of the launch template with that Name tag, references replaced by placeholders. */
export function launchTemplateUserData(synthesized: string, name: string): string {
  return withPlaceholders(String(resourceNamed(synthesized, 'aws_launch_template', name).resource.user_data), localsOf(synthesized));
}
