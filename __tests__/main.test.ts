import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function runApp(env: Record<string, string>): { status: number | null; stderr: string; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'tt-synth-'));
  const result = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'main.ts'], {
    env: { ...process.env, CDKTF_OUTDIR: outdir, TT_CONFIG_DIR: '__tests__/support/no-config', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, outdir };
}

describe('the synth app (main.ts)', () => {
  it('writes a stack per environment plus the state stack', () => {
    const { status, outdir } = runApp({});
    expect(status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['dev', 'prod', 'state']);
  });

  it('rejects bad input before writing anything, with exit status 1 and no stack trace', () => {
    const { status, stderr, outdir } = runApp({ TT_PROD__network__natMode: 'double' });
    expect(status).toBe(1);
    expect(stderr).toBe('invalid configuration for environment "prod":\n  - network.natMode: "double" is not a NAT mode; allowed: none, single, per-az\n');
    expect(existsSync(join(outdir, 'stacks'))).toBe(false);
  });

  it('refuses to synthesize any stack when the review finds an error-level finding', () => {
    const { status, stderr, outdir } = runApp({ TT_PROD__network__flowLogs__enabled: 'false' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^the review found error-level findings; nothing was synthesized \(fix them, or suppress with a reason\):\n  - \[prod\/network\/vpc\] TT-VPC-002 aws_vpc\.\S+: three-tier-prod-vpc has no flow log/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(outdir, 'stacks', 'dev'))).toBe(false);
  });

  it('rejects an unknown environment name', () => {
    const { status, stderr } = runApp({ TT_ENVIRONMENTS: 'dev,qa' });
    expect(status).toBe(1);
    expect(stderr).toBe('environment "qa" is unknown; allowed: dev, prod\n');
  });
});
