import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeWithTerraform } from '../../support/terraform';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Runs `npm run plan:offline -- <stacks>` in a folder whose cdktf.out holds the given stacks. */
function planOffline(stacks: Readonly<Record<string, unknown>>, ...names: readonly string[]): { readonly status: number | null; readonly stdout: string; readonly stderr: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'tt-plan-offline-'));
  for (const [name, stack] of Object.entries(stacks)) {
    mkdirSync(join(cwd, 'cdktf.out', 'stacks', name), { recursive: true });
    writeFileSync(join(cwd, 'cdktf.out', 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack));
  }
  const result = spawnSync(process.execPath, ['--require', join(ROOT, 'scripts/register-ts.cjs'), join(ROOT, 'scripts/plan-offline.ts'), ...names], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A one-VPC stack as cdktf writes it, with an S3 backend the offline plan swaps for a local one. */
function vpcStack(vpc: Readonly<Record<string, unknown>>): unknown {
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } }, backend: { s3: { bucket: 'b', key: 'k', region: 'ap-northeast-2' } } },
    provider: { aws: [{ region: 'ap-northeast-2' }] },
    resource: { aws_vpc: { main: vpc } },
  };
}

describeWithTerraform('npm run plan:offline', () => {
  it('reports a stack that was not synthesized by name, with what to do, and exits 1 without a stack trace', () => {
    expect(planOffline({}, 'no-such-stack')).toEqual({ status: 1, stdout: '', stderr: 'no-such-stack: cdktf.out/stacks/no-such-stack/cdk.tf.json does not exist; run `npm run synth` first\n' });
  });

  it('plans every stack: one that fails (as prod does with its placeholder domain) hides no other, and the exit status is 1', () => {
    const result = planOffline({ good: vpcStack({ cidr_block: '10.0.0.0/16' }), bad: vpcStack({ cidr_block: '10.0.0.0/16', no_such_argument: true }) }, 'good', 'bad');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^good: plan ok \(validated\), 1 resources to create; plan JSON at .*good\/plan\.json\n$/);
    expect(result.stderr).toMatch(/^bad: terraform plan failed in .*bad:\n[\s\S]*no_such_argument/);
  });
});
