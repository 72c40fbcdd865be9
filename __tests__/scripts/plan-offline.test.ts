import { spawnSync } from 'node:child_process';
import { describeWithTerraform } from '../support/terraform';

describeWithTerraform('npm run plan:offline', () => {
  it('reports a stack that was not synthesized by name, with what to do, and exits 1 without a stack trace', () => {
    const result = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/plan-offline.ts', 'no-such-stack'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('no-such-stack: cdktf.out/stacks/no-such-stack/cdk.tf.json does not exist; run `npm run synth` first\n');
    expect(result.stdout).toBe('');
  });
});
