import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import fc from 'fast-check';
import { EnvironmentStack } from '../../../src/stacks/environment-stack';
import { mirrorCliConfig, offlineConfiguration, schemaReaderEnvironment } from '../../../src/terraform/offline-plan';
import { availability, describeWithTerraform } from '../../support/terraform';
import { loadCase, validCase, type Json } from '../arbitraries';

// Skipped loudly without terraform and its provider mirror, and failing in CI then (describeWithTerraform).
describeWithTerraform('generated valid configurations (terraform tier)', () => {
  // Sampled: one `terraform validate` of a few stacks at once, as child modules (one provider start-up).
  it('passes terraform validate (sampled)', () => {
    if (!availability.available) {
      throw new Error(availability.reason);
    }
    const seed = Date.now() % 100000;
    const samples = fc.sample(validCase, { numRuns: 2, seed });
    const root = mkdtempSync(join(tmpdir(), 'tt-validate-'));
    const modules: Json = {};
    samples.forEach((testCase, index) => {
      const config = loadCase(testCase);
      const stack: unknown = JSON.parse(Testing.synth(new EnvironmentStack(Testing.app(), config.environment, config)));
      mkdirSync(join(root, `c${index}`));
      writeFileSync(join(root, `c${index}`, 'main.tf.json'), JSON.stringify(offlineConfiguration(stack)));
      modules[`c${index}`] = { source: `./c${index}` };
    });
    writeFileSync(join(root, 'main.tf.json'), JSON.stringify({ module: modules }));
    writeFileSync(join(root, 'terraform.rc'), mirrorCliConfig(availability.mirror));
    // init and validate only read the provider's schema.
    const env = schemaReaderEnvironment({ ...process.env, TF_CLI_CONFIG_FILE: join(root, 'terraform.rc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' });
    execFileSync('terraform', ['init', '-backend=false', '-no-color'], { cwd: root, env, stdio: 'pipe' });
    const validate = spawnSync('terraform', ['validate', '-json', '-no-color'], { cwd: root, env, encoding: 'utf8' });
    const result: unknown = JSON.parse(validate.stdout);
    // The seed reproduces a failing sample: fc.sample(validCase, { numRuns: 2, seed }).
    expect({ seed, result }).toEqual({ seed, result: expect.objectContaining({ valid: true, error_count: 0 }) });
  }, 120_000);
});
