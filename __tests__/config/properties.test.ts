import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import fc from 'fast-check';
import { synthesize } from '../../main';
import { ConfigError, type ThreeTierConfig } from '../../src/config';
import { resolveDatabaseWindows } from '../../src/config/office-hours-windows';
import { reviewStack } from '../../src/review/aspect';
import { EnvironmentStack } from '../../src/stacks/environment-stack';
import { folderFor, loadCase, validCase, type Json } from './arbitraries';

/** A change that makes a valid environment invalid, and the field the message must name. */
interface Mutation {
  readonly field: string;
  readonly apply: (file: Json, config: ThreeTierConfig) => Json;
}

const section = (file: Json, key: string): Json => {
  const value = file[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
};
const withIn = (file: Json, key: string, fields: Json): Json => ({ ...file, [key]: { ...section(file, key), ...fields } });

const MUTATIONS: readonly Mutation[] = [
  { field: 'availabilityZones.1', apply: (file, config) => ({ ...file, availabilityZones: [config.availabilityZones[0], `${config.region}z`] }) },
  { field: 'region', apply: (file) => ({ ...file, region: 'eu-moon-1' }) },
  { field: 'state.bucket', apply: (file) => withIn(file, 'state', { bucket: 'my..bucket' }) },
  { field: 'state.bucket', apply: (file) => withIn(file, 'state', { bucket: 'xn--state' }) },
  { field: 'database.backupWindow', apply: (file) => withIn(file, 'database', { backupWindow: '24:00-25:00' }) },
  {
    field: 'database.maintenanceWindow',
    apply: (file, config) => {
      // Tuesday at the backup window's hours: inside office hours too, if the backup window is.
      const [from, to] = resolveDatabaseWindows(config.database, config.schedule).backupWindow.split('-');
      return withIn(file, 'database', { maintenanceWindow: `tue:${from}-tue:${to}` });
    },
  },
  { field: 'database.timeZone', apply: (file) => withIn(file, 'database', { timeZone: 'Mars/Olympus_Mons' }) },
  { field: 'database.engineVersion', apply: (file) => withIn(file, 'database', { engineVersion: '8.0' }) },
  { field: 'network.vpcCidr', apply: (file) => withIn(file, 'network', { vpcCidr: 'fd00:10::/56' }) },
  { field: 'backend.environment.DB_PASSWORD', apply: (file, config) => withIn(file, 'backend', { environment: { ...config.backend.environment, DB_PASSWORD: 'x' } }) },
  { field: 'project', apply: (file) => ({ ...file, project: 'my--shop' }) },
  { field: 'access.adminCidrs.0', apply: (file) => withIn(file, 'access', { adminCidrs: ['0.0.0.0/0'] }) },
  { field: 'frontend.minSize', apply: (file, config) => withIn(file, 'frontend', { minSize: config.frontend.maxSize + 1 }) },
  { field: 'dns.domian', apply: (file) => withIn(file, 'dns', { domian: 'example.com' }) },
];

const invalidCase = fc.tuple(validCase, fc.constantFrom(...MUTATIONS)).map(([testCase, mutation]) => {
  const config = loadCase(testCase);
  return { testCase: { name: testCase.name, file: mutation.apply(testCase.file, config) }, field: mutation.field };
});

function synthesizeAndReview(config: ThreeTierConfig): { json: string; errors: string[] } {
  const stack = new EnvironmentStack(Testing.app(), config.environment, config);
  const errors = reviewStack(stack)
    .filter((finding) => finding.severity === 'error')
    .map((finding) => finding.text);
  return { json: Testing.synth(stack), errors };
}

describe('every valid configuration', () => {
  it('loads, synthesizes and passes the review without an error-level finding', () => {
    fc.assert(
      fc.property(validCase, (testCase) => {
        const config = loadCase(testCase);
        expect(config.environment).toBe(testCase.name);
        const { json, errors } = synthesizeAndReview(config);
        expect(errors).toEqual([]);
        expect(JSON.parse(json).provider.aws[0].region).toBe(config.region);
      }),
      { numRuns: 6 },
    );
  });
});

describe('every invalid configuration (a valid one with one mutation)', () => {
  it('is refused in-process (synthesize of main.ts) with a ConfigError naming the field, no stack trace, nothing written', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'tt-synth-'));
    let runs = 0;
    fc.assert(
      fc.property(invalidCase, ({ testCase, field }) => {
        const outdir = join(scratch, `out-${(runs += 1)}`);
        let error: unknown;
        try {
          synthesize({ outdir, sources: { configDir: folderFor(testCase), env: { TT_ENVIRONMENTS: testCase.name } } });
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toBeInstanceOf(ConfigError);
        const message = error instanceof Error ? error.message : '';
        expect(message).toContain(`  - ${field}: `);
        expect(message).not.toMatch(/\n\s+at /);
        expect(existsSync(outdir)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it("makes the app (cdktf.json's, scripts/synth.ts) exit 1 with the field named, no stack trace and nothing written (child process, a handful)", () => {
    const samples = fc.sample(invalidCase, { numRuns: 3, seed: 11 });
    for (const { testCase, field } of samples) {
      const outdir = join(mkdtempSync(join(tmpdir(), 'tt-synth-')), 'out');
      const result = spawnSync(process.execPath, ['--require', './scripts/register-ts.cjs', 'scripts/synth.ts'], {
        env: { ...process.env, CDKTF_OUTDIR: outdir, TT_CONFIG_DIR: folderFor(testCase), TT_ENVIRONMENTS: testCase.name },
        encoding: 'utf8',
      });
      expect([field, result.status]).toEqual([field, 1]);
      expect(result.stderr).toContain(`  - ${field}: `);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(outdir)).toBe(false);
    }
  });
});
