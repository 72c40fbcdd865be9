// The real provider of the mirror, started as `npm test` starts it (scripts/schema-provider.cjs), serving
// terraform's read-only commands through schemaReaderEnvironment: validate finds what the provider's
// schema refuses, and once the provider is stopped the same command fails, so terraform did attach.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSchemaProvider } from '../../../scripts/schema-provider.cjs';
import { mirrorCliConfig, OFFLINE_ENV, schemaReaderEnvironment } from '../../../src/terraform/offline-plan';
import { availability, describeWithTerraform, reportTier } from '../../support/terraform';

const ROOT = resolve(__dirname, '..', '..', '..');

/** A one-VPC configuration, with an argument aws_vpc does not have when `broken`. */
function configuration(broken: boolean): string {
  const vpc = { cidr_block: '10.0.0.0/16', ...(broken ? { no_such_argument: true } : {}) };
  return JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } }, provider: { aws: [{ region: 'ap-northeast-2' }] }, resource: { aws_vpc: { main: vpc } } });
}

describeWithTerraform('one provider for the read-only terraform commands (TT_TF_SCHEMA_PROVIDER)', () => {
  it('init and validate attach to it: a valid VPC passes, an argument the schema lacks fails, and after it stops they fail to connect', async () => {
    if (!availability.available) {
      throw new Error(availability.reason);
    }
    const { mirror } = availability;
    const started = await startSchemaProvider(ROOT);
    if (started.reattach === undefined) {
      throw new Error(started.reason);
    }
    const validate = (broken: boolean): { readonly status: number | null; readonly stdout: string; readonly stderr: string; readonly locked: boolean } => {
      const dir = mkdtempSync(join(tmpdir(), 'tt-schema-provider-'));
      writeFileSync(join(dir, 'main.tf.json'), configuration(broken));
      writeFileSync(join(dir, 'terraform.rc'), mirrorCliConfig(mirror));
      const env = schemaReaderEnvironment({ ...process.env, ...OFFLINE_ENV, TF_CLI_CONFIG_FILE: join(dir, 'terraform.rc'), TT_TF_SCHEMA_PROVIDER: started.reattach });
      spawnSync('terraform', ['init', '-backend=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
      const result = spawnSync('terraform', ['validate', '-json', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
      // An attached provider is not installed: init locks nothing.
      return { status: result.status, stdout: result.stdout, stderr: result.stderr, locked: existsSync(join(dir, '.terraform.lock.hcl')) };
    };
    try {
      const valid = validate(false);
      expect([valid.status, JSON.parse(valid.stdout).valid, valid.locked]).toEqual([0, true, false]);
      const broken = validate(true);
      expect([broken.status, JSON.parse(broken.stdout).valid]).toEqual([1, false]);
      expect(JSON.parse(broken.stdout).diagnostics.map((diagnostic: { readonly detail: string }) => diagnostic.detail)).toEqual(['No argument or block type is named "no_such_argument".']);
    } finally {
      started.stop();
    }
    await new Promise((done) => setTimeout(done, 500));
    const after = validate(false);
    expect(after.status).not.toBe(0);
    expect(`${after.stdout}${after.stderr}`).toMatch(/plugin|provider/i);
    reportTier('terraform tier: init and validate attached to one running provider, and failed once it stopped');
  }, 120_000);
});
