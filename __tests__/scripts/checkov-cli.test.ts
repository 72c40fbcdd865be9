import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { limiter } from '../../src/review/checkov/scan';
import { runCheckovScan, type ScanCliIo } from '../../src/review/checkov/scan-cli';
import { environmentWithMetadata } from '../support/stacks';

// `npm run checkov` against a stand-in Checkov (support/fake-checkov.cjs) that crashes on
// terraform.required_version as Checkov 3.3.13 does (#7454) and answers a baseline as Checkov does;
// the policy tier runs the same command with real Checkov.

const FAKE = resolve(__dirname, 'support', 'fake-checkov.cjs');
chmodSync(FAKE, 0o755);
const ROOT = resolve(__dirname, '..', '..');

/** A stack that sets required_version, as the environment stacks do, with one Checkov exception. */
const TINY = {
  terraform: { required_version: '>= 1.10', required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
  resource: {
    aws_s3_bucket: { b: { bucket: 'b', '//': { checkov: { exceptions: [{ ids: ['CKV_AWS_18'], reason: 'a reason long enough' }] } } } },
    aws_lb_target_group: { tg: { port: 80, protocol: 'HTTP', '//': { checkov: { exceptions: [{ ids: ['CKV_AWS_378'], reason: 'another reason long enough' }] } } } },
  },
};

function stacksDir(stacks: Readonly<Record<string, unknown>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'checkov-cli-'));
  for (const [name, stack] of Object.entries(stacks)) {
    mkdirSync(join(dir, 'stacks', name), { recursive: true });
    writeFileSync(join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
  }
  return dir;
}

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: readonly string[];
  readonly dir: string;
}

async function run(args: readonly string[], env: NodeJS.ProcessEnv = {}, stacks: Readonly<Record<string, unknown>> = { tiny: TINY }, synthStatus = 0): Promise<Run> {
  const dir = stacksDir(stacks);
  const log = join(dir, 'calls.log');
  let stdout = '';
  let stderr = '';
  const io: ScanCliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { PATH: process.env.PATH, CHECKOV: FAKE, FAKE_CHECKOV_LOG: log, ...env },
    cwd: ROOT,
    cpus: 2,
    synth: () => Promise.resolve(synthStatus),
  };
  const status = await runCheckovScan(['--stacks', join(dir, 'stacks'), '--copies', join(dir, 'copies'), ...args], io);
  return { status, stdout, stderr, calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [], dir };
}

describe('npm run checkov', () => {
  it('scans a copy without required_version, with the baseline, and once more without it for the totals; exit 0 when clean', async () => {
    const result = await run([]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const copy = join(result.dir, 'copies', 'tiny');
    expect([...result.calls].sort()).toEqual([
      `-d ${copy} --framework terraform_json --baseline ${copy}/.checkov.baseline --output-baseline-as-skipped --skip-download --compact -o json`,
      `-d ${copy} --framework terraform_json --skip-download --compact -o json`,
    ]);
    const scanned = JSON.parse(readFileSync(join(copy, 'cdk.tf.json'), 'utf8'));
    expect(scanned.terraform).toEqual({ required_providers: { aws: { source: 'aws', version: '5.100.0' } } });
    expect(JSON.parse(readFileSync(join(copy, '.checkov.baseline'), 'utf8'))).toEqual({
      failed_checks: [
        {
          file: '/cdk.tf.json',
          findings: [
            { resource: 'aws_lb_target_group.tg', check_ids: ['CKV_AWS_378'] },
            { resource: 'aws_s3_bucket.b', check_ids: ['CKV_AWS_18'] },
          ],
        },
      ],
    });
    expect(result.stdout).toMatch(/^stack\s+passed\s+failed\s+excepted\s+left\s+unused\s+seconds$/m);
    expect(result.stdout).toMatch(/^tiny\s+2\s+2\s+2\s+0\s+0\s+\d+\.\d$/m);
    expect(result.stdout).toMatch(/Checkov 3\.3\.13: 0 failed check\(s\) left and 0 unused baseline entries on 1 stack\(s\)/);
  });

  it('the stand-in crashes like Checkov 3.3.13 on the stack as synthesized (so the copy is what makes the scan work)', () => {
    const dir = stacksDir({ tiny: TINY });
    const crash = spawnSync(FAKE, ['-d', join(dir, 'stacks', 'tiny')], { encoding: 'utf8' });
    expect([crash.status, crash.stderr]).toEqual([2, 'Exception: this method receives only dicts\n']);
  });

  it('a failure the baseline does not cover: exit 1, listed by check and address with what to do', async () => {
    const result = await run([], { FAKE_CHECKOV_FAIL: 'CKV_AWS_21 aws_s3_bucket.b,CKV_AWS_145 resource.b' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^tiny\s+2\s+4\s+2\s+2\s+0\s/m);
    expect(result.stdout).toContain('tiny: 2 failed check(s) the baseline does not cover; fix each, or except it with a true reason');
    expect(result.stdout).toContain('  CKV_AWS_21  aws_s3_bucket.b  check CKV_AWS_21\n');
    // A Python check's record says resource.<name>: shown as the stack's address.
    expect(result.stdout).toContain('  CKV_AWS_145  aws_s3_bucket.b  check CKV_AWS_145\n');
  });

  it('a baseline entry no failure used (the check passes): exit 1, with who declared it and why', async () => {
    const result = await run([], { FAKE_CHECKOV_PASSING: 'CKV_AWS_18 aws_s3_bucket.b' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^tiny\s+3\s+1\s+1\s+0\s+1\s/m);
    expect(result.stdout).toContain('tiny: 1 baseline entry no failure used; remove the exception');
    expect(result.stdout).toContain('  CKV_AWS_18  aws_s3_bucket.b  the check passes; declared by suppressCheckov: "a reason long enough"');
  });

  it('a Checkov that names CKV_AWS_378 the older way (before 3.2.327): scanned again with a baseline named its way, and said so', async () => {
    const result = await run([], { FAKE_CHECKOV_VERSION: '3.2.300' });
    expect(result.status).toBe(0);
    expect(result.calls.filter((call) => call.includes('--baseline'))).toHaveLength(2);
    const baseline = JSON.parse(readFileSync(join(result.dir, 'copies', 'tiny', '.checkov.baseline'), 'utf8'));
    expect(baseline.failed_checks[0].findings.map((finding: { resource: string }) => finding.resource)).toEqual(['aws_s3_bucket.b', 'resource.tg']);
    expect(result.stdout).toContain("tiny: Checkov 3.2.300 names some checks' resources unlike 3.3.13, so the scan copy's baseline was written for 3.2.300");
  });

  it("a real dev stack: every Checkov exception it declares reaches the scan copy's baseline", async () => {
    const result = await run(['dev'], {}, { dev: JSON.parse(environmentWithMetadata('dev')), tiny: TINY });
    expect(result.status).toBe(0);
    expect(result.calls.every((call) => call.includes('/copies/dev'))).toBe(true);
    expect(result.stdout).toMatch(/^dev\s+2\s+(\d+)\s+\1\s+0\s+0\s/m);
  });

  it('Checkov failing to run (exit 2, no report): exit 2 with its last words', async () => {
    const result = await run([], { FAKE_CHECKOV_EXIT: '2' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Checkov could not scan 1 stack\(s\):\ntiny: fake-checkov\.cjs -d \S+ .* exited 2 without a report:\nfake checkov: told to fail\n$/);
  });

  it('without Checkov: exit 2 and how to get it; a CHECKOV that names nothing is an error, not a reason to look elsewhere', async () => {
    const missing = await run([], { CHECKOV: '', PATH: '/nonexistent' });
    expect([missing.status, missing.stderr]).toEqual([2, 'Checkov was not found: install it (pip install checkov==3.3.13) or name its command with CHECKOV=/path/to/checkov\n']);
    const wrong = await run([], { CHECKOV: '/nonexistent/checkov' });
    expect([wrong.status, wrong.stderr]).toEqual([2, "CHECKOV=/nonexistent/checkov names no executable file: set it to Checkov's command (such as ../shared/tools/checkov/run) or unset it to use checkov on PATH\n"]);
  });

  it('bad arguments and unknown stacks: exit 2 with the problem', async () => {
    expect((await run(['--jobs', '0'])).stderr).toBe('--jobs must be a whole number of at least 1, got "0"\n');
    const unknown = await run(['--bogus']);
    expect([unknown.status, unknown.stderr.split('\n')[0]]).toEqual([2, 'unknown option --bogus']);
    const stack = await run(['staging']);
    expect([stack.status, stack.stderr]).toEqual([2, `no stack "staging" in ${join(stack.dir, 'stacks')}; stacks: tiny\n`]);
  });

  it('synthesizes first unless given --stacks, and stops when the synth fails', async () => {
    let stderr = '';
    let synths = 0;
    const status = await runCheckovScan([], {
      stdout: () => undefined,
      stderr: (text) => (stderr += text),
      env: { PATH: process.env.PATH, CHECKOV: FAKE },
      cwd: ROOT,
      cpus: 1,
      synth: () => {
        synths += 1;
        return Promise.resolve(1);
      },
    });
    expect([status, synths, stderr]).toEqual([2, 1, 'npm run synth failed (exit 1): nothing to scan\n']);
  });
});

describe('the limit on Checkov processes', () => {
  it('runs at most N tasks at a time and all of them in the end', async () => {
    const limit = limiter(2);
    let running = 0;
    let most = 0;
    const task = (): Promise<number> =>
      limit(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return 1;
      });
    const results = await Promise.all(Array.from({ length: 7 }, task));
    expect([results.length, most, running]).toEqual([7, 2, 0]);
  });
});
