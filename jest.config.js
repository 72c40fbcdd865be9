// @swc/jest strips types without checking them, file by file; `npm test` runs `tsc --noEmit` beside
// the tests, so a type error still fails the run.
const { FOLDER_TIERS } = require('./scripts/test-tiers.cjs');

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
};

// One project per tier, told apart by folder (scripts/test-tiers.cjs): a test under a `terraform/`
// folder runs terraform itself (init and plan against the offline provider mirror, seconds of CPU
// each) or the cdktf CLI; `policy/` runs Checkov, `browser/` headless Chromium; the unit tier runs
// in-process or spawns only quick commands (bash, a synth). `npm test` runs them all,
// `npm run test:unit` the unit tier, `npm test -- <path>` the files given, in their own tier.
/** @type {import('jest').Config} */
module.exports = {
  // Jest's default on 2 cores is one worker; the terraform plans run in child processes anyway.
  maxWorkers: 2,
  // No test reads the developer's config/, cdktf.out/ or TT_* variables unless it sets them.
  globalSetup: '<rootDir>/__tests__/support/hermetic-environment.cjs',
  // On a first run the tiers that run tools start before the unit files (scripts/test-sequencer.cjs).
  testSequencer: '<rootDir>/scripts/test-sequencer.cjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      // Anchored at the repository, so that a clone inside a folder named like a tier still finds its tests.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/cdktf.out/', ...FOLDER_TIERS.map((tier) => `<rootDir>/__tests__/(?:.*/)?${tier.name}/`)],
    },
    ...FOLDER_TIERS.map((tier) => ({
      ...common,
      displayName: tier.name,
      testMatch: [`<rootDir>/__tests__/**/${tier.name}/**/*.test.ts`],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/cdktf.out/'],
    })),
  ],
};
