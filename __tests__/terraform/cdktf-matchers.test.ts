// The terraform tier through cdktf's own matchers: `Testing.fullSynth` writes the stack as the CLI
// would, then `toBeValidTerraform()` (terraform init + validate) and `toPlanSuccessfully()` (init +
// plan) shell out in that folder with `process.env`. So the offline wiring goes through the
// environment and the stack itself, in this test only: a CLI config that installs the provider from
// the filesystem mirror, placeholder credentials no API ever sees, a local backend instead of S3, and
// a provider that neither validates credentials nor asks AWS for the account or instance metadata.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { LocalBackend, S3Backend, TerraformStack, Testing } from 'cdktf';
import { loadProjectConfig } from '../../src/config';
import { StateStack } from '../../src/stacks/state-stack';
import { mirrorCliConfig, OFFLINE_ENV, schemaReaderEnvironment } from '../../src/terraform/offline-plan';
import { startSchemaProvider } from '../../scripts/schema-provider.cjs';
import { availability, describeWithTerraform, reportTier } from '../support/terraform';

const ROOT = join(__dirname, '..', '..');

/** Swaps the stack's S3 backend for a local one and keeps its AWS providers off the network. */
function offline<T extends TerraformStack>(stack: T): T {
  for (const construct of stack.node.findAll()) {
    if (construct instanceof S3Backend) {
      construct.node.scope?.node.tryRemoveChild(construct.node.id);
    }
  }
  // The state stack keeps its state local already.
  if (!stack.node.findAll().some((construct) => construct instanceof LocalBackend)) {
    new LocalBackend(stack, { path: 'terraform.tfstate' });
  }
  for (const construct of stack.node.findAll()) {
    if (construct instanceof AwsProvider) {
      construct.skipCredentialsValidation = true;
      construct.skipRequestingAccountId = true;
      // A string in the provider's schema ("true"/"false"), unlike the other two.
      construct.skipMetadataApiCheck = 'true';
    }
  }
  return stack;
}

/** A one-VPC stack, wired offline like the environment stacks, for the matchers' failure cases. */
function tinyStack(region: string, build: (vpc: Vpc) => void = () => undefined): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'tiny');
  new AwsProvider(stack, 'aws', { region });
  build(new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' }));
  return offline(stack);
}

describeWithTerraform("cdktf's Testing matchers: fullSynth, toBeValidTerraform, toPlanSuccessfully (offline)", () => {
  const saved = new Map<string, string | undefined>();
  const scratch = mkdtempSync(join(os.tmpdir(), 'tt-cdktf-matchers-'));
  const synthesized: string[] = [];

  beforeAll(() => {
    if (!availability.available) {
      return;
    }
    const cliConfig = join(scratch, 'terraform.rc');
    writeFileSync(cliConfig, mirrorCliConfig(availability.mirror));
    for (const [name, value] of Object.entries({ ...OFFLINE_ENV, TF_CLI_CONFIG_FILE: cliConfig })) {
      saved.set(name, process.env[name]);
      process.env[name] = value;
    }
  });

  afterAll(() => {
    for (const [name, value] of saved) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
    for (const dir of [scratch, ...synthesized]) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function fullSynth(stack: TerraformStack): string {
    const dir = Testing.fullSynth(stack);
    synthesized.push(dir);
    return dir;
  }

  /** Runs `check` with TF_REATTACH_PROVIDERS set to `reattach` (when there is one), as cdktf's matchers read process.env. */
  function attachedTo(reattach: string | undefined, check: () => void): void {
    const saved = process.env.TF_REATTACH_PROVIDERS;
    if (reattach !== undefined) {
      process.env.TF_REATTACH_PROVIDERS = reattach;
    }
    try {
      check();
    } finally {
      if (saved === undefined) {
        delete process.env.TF_REATTACH_PROVIDERS;
      } else {
        process.env.TF_REATTACH_PROVIDERS = saved;
      }
    }
  }

  /**
   * Runs cdktf's toBeValidTerraform (init + validate, which only read the provider's schema) attached to
   * the run's schema provider when there is one (schemaReaderEnvironment).
   */
  function readingSchemas(check: () => void): void {
    attachedTo(schemaReaderEnvironment(process.env).TF_REATTACH_PROVIDERS, check);
  }

  /**
   * Runs cdktf's toPlanSuccessfully (init + plan) attached to a provider of its own: the mirror's,
   * started in debug mode with the offline environment, so that plan's steps (schema, validate, plan)
   * share one process instead of starting three. Each stack here configures the provider once. When it
   * cannot start, terraform starts its own.
   */
  async function planningWithOwnProvider(check: () => void): Promise<void> {
    const provider = await startSchemaProvider(ROOT, process.env);
    try {
      attachedTo(provider.reattach, check);
    } finally {
      provider.stop?.();
    }
  }

  // The state stack: each matcher starts the provider at least twice (about 10 s of CPU for an
  // environment stack), and terraform.test.ts plans every environment stack already.
  it('state: the synthesized stack is valid Terraform and plans successfully', async () => {
    const dir = fullSynth(offline(new StateStack(Testing.app(), 'state', loadProjectConfig({ configDir: '__tests__/support/no-config', env: {} }))));
    readingSchemas(() => expect(dir).toBeValidTerraform());
    await planningWithOwnProvider(() => expect(dir).toPlanSuccessfully());
    reportTier('cdktf matchers: toBeValidTerraform + toPlanSuccessfully for the state stack');
  }, 120_000);

  // The matchers must be able to fail under this wiring, else the test above proves nothing.
  it('toBeValidTerraform fails for an argument the provider does not have', () => {
    const dir = fullSynth(tinyStack('ap-northeast-2', (vpc) => vpc.addOverride('no_such_argument', true)));
    readingSchemas(() => expect(dir).not.toBeValidTerraform());
  }, 60_000);

  // validate does not configure the provider (it passes this stack); plan does, and the region fails then.
  it('toPlanSuccessfully fails for a region the provider does not know', async () => {
    const dir = fullSynth(tinyStack('ap-nowhere-9'));
    await planningWithOwnProvider(() => expect(dir).not.toPlanSuccessfully());
  }, 60_000);
});
