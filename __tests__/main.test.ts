import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../main';
import { loadConfiguration, NAT_MODES } from '../src/config';
import { expectSameSynthOutput } from './support/synth-output';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outdir: string;
}

/** This file's synth output cache: identical synths below restore the first one's output. */
const SYNTH_CACHE_DIR = mkdtempSync(join(tmpdir(), 'tt-synth-cache-'));

/** Runs a TypeScript entry point the way package.json does, writing into a fresh outdir. */
function run(entry: string, env: Record<string, string>, outdir = join(mkdtempSync(join(tmpdir(), 'tt-synth-')), 'out')): Run {
  const result = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', entry], {
    env: { ...process.env, CDKTF_OUTDIR: outdir, TT_CONFIG_DIR: '__tests__/support/no-config', TT_SYNTH_CACHE_DIR: SYNTH_CACHE_DIR, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outdir };
}

const runApp = (env: Record<string, string> = {}): Run => run('main.ts', env);
const runSynth = (env: Record<string, string> = {}, outdir?: string): Run => run('scripts/synth.ts', env, outdir);

function configDir(files: Readonly<Record<string, unknown>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tt-config-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), JSON.stringify(content));
  }
  return dir;
}

describe("main.ts run directly (cdktf's default app command, `npx ts-node main.ts`)", () => {
  it('writes a stack per environment plus the state stack', () => {
    const { status, outdir } = runApp();
    expect(status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['dev', 'prod', 'state']);
  });

  it('rejects bad input before writing anything, with exit status 1 and no stack trace', () => {
    const { status, stderr, outdir } = runApp({ TT_PROD__network__natMode: 'double' });
    expect(status).toBe(1);
    expect(stderr).toBe(`invalid configuration for environment "prod":\n  - network.natMode: "double" is not a NAT mode; allowed: ${NAT_MODES.join(', ')}\n`);
    expect(existsSync(outdir)).toBe(false);
  });

  it('refuses to synthesize any stack when the review finds an error-level finding', () => {
    const { status, stderr, outdir } = runApp({ TT_PROD__network__flowLogs__enabled: 'false' });
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /^the review found error-level findings; nothing was synthesized \(fix them in config, or accept them with a reason\):\n {2}- prod: TT-VPC-002 aws_vpc\.\S+: three-tier-prod-vpc has no flow log.*\n {6}fix in config: network\.flowLogs\.enabled = true \(in \S*prod\.json: .*\n {6}or accept it with a reason, in \S*prod\.json: "suppressions": \[\{ "id": "TT-VPC-002"/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(outdir, 'stacks', 'dev'))).toBe(false);
  });

  it('rejects an unknown environment name', () => {
    const { status, stderr } = runApp({ TT_ENVIRONMENTS: 'dev,qa' });
    expect(status).toBe(1);
    expect(stderr).toBe('environment "qa" is unknown; allowed: dev, prod\n');
  });

  it('refuses a configuration given both loaded and as sources to load it from', () => {
    const configuration = loadConfiguration({ configDir: '__tests__/support/no-config', env: {} });
    expect(() => synthesize({ configuration, sources: { env: {} } })).toThrow('synthesize: give the configuration or the sources to load it from, not both');
  });
});

describe('npm run synth (scripts/synth.ts)', () => {
  // One synth of four stacks, shared by the tests below (a synth costs about 1.5 s of CPU), into an
  // outdir that holds the folder of a stack no longer built.
  const TOKYO = { extends: 'prod', region: 'ap-northeast-1', availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'], dns: { domain: 'jp.example.com' } };
  const config = configDir({ 'tokyo.json': TOKYO });
  let first: Run;

  beforeAll(() => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'tt-synth-')), 'out');
    mkdirSync(join(outdir, 'stacks', 'staging'), { recursive: true });
    first = runSynth({ TT_CONFIG_DIR: config }, outdir);
  });

  it('lists the stacks it wrote, with their region, production status and what they extend', () => {
    const { status, stdout, stderr, outdir } = first;
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^Synthesized 4 stacks into ${outdir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/stacks in \\d+ ms:\\n` +
          '  state  ap-northeast-2  bootstrap: state bucket three-tier-tfstate-ap-northeast-2\\n' +
          '  dev    ap-northeast-2  non-production\\n' +
          '  prod   ap-northeast-2  production\\n' +
          '  tokyo  ap-northeast-1  production, extends prod\\n$',
      ),
    );
  });

  it('removes the folder of a stack that is no longer built, as cdktf synth does', () => {
    expect(readdirSync(join(first.outdir, 'stacks')).sort()).toEqual(['dev', 'prod', 'state', 'tokyo']);
  });

  it('restores an identical earlier synth instead of building it, writing the same bytes, and builds afresh after a change', () => {
    const again = runSynth({ TT_CONFIG_DIR: config });
    expect([first.status, first.stdout]).toEqual([0, expect.not.stringContaining('restored')]);
    expect([again.status, again.stdout]).toEqual([0, expect.stringContaining('(nothing changed since an earlier synth: restored its output; TT_SYNTH_CACHE=off builds afresh)')]);
    expectSameSynthOutput(again.outdir, first.outdir);
    writeFileSync(join(config, 'tokyo.json'), JSON.stringify({ ...TOKYO, tags: { Team: 'web' } }));
    const changed = runSynth({ TT_CONFIG_DIR: config });
    expect([changed.status, changed.stdout]).toEqual([0, expect.not.stringContaining('restored')]);
    const tokyoStack = (run: Run): string => readFileSync(join(run.outdir, 'stacks', 'tokyo', 'cdk.tf.json'), 'utf8');
    expect(tokyoStack(changed)).not.toEqual(tokyoStack(first));
  });

  it("prints every environment's problems once, exits 1 and writes nothing", () => {
    const { status, stdout, stderr, outdir } = runSynth({ TT_DEV__database__engineVersion: '8.0', TT_PROD__database__timeZone: 'Asia/Sel' });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^invalid configuration for environment "dev":\n {2}- database\.engineVersion: "8\.0" is refused: [^\n]+\ninvalid configuration for environment "prod":\n {2}- database\.timeZone: "Asia\/Sel" is not a time zone RDS for MySQL accepts; did you mean "Asia\/Seoul"\?[^\n]+\n$/,
    );
    expect(existsSync(outdir)).toBe(false);
  });

  it('names a missing TT_CONFIG_DIR instead of ignoring it', () => {
    const { status, stderr } = runSynth({ TT_CONFIG_DIR: '/nonexistent/tt-config' });
    expect(status).toBe(1);
    expect(stderr).toBe('TT_CONFIG_DIR: the config folder "/nonexistent/tt-config" does not exist\n');
  });

  it('names TT_SYNTH_CACHE when it is neither on nor off', () => {
    const { status, stderr, outdir } = runSynth({ TT_SYNTH_CACHE: 'maybe' });
    expect([status, stderr]).toEqual([1, 'TT_SYNTH_CACHE: "maybe" is not a setting; allowed: on, off\n']);
    expect(existsSync(outdir)).toBe(false);
  });
});
