// @swc/jest strips types without checking them, file by file; `npm test` runs `tsc --noEmit` first,
// so a type error still fails the suite.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
};

// Two tiers, told apart by folder: a test under a `terraform/` folder runs terraform itself (init and
// plan against the offline provider mirror, seconds of CPU each) or the cdktf CLI; the others run
// in-process or spawn only quick commands (bash, a synth).
// `npm test` runs the unit tier, `npm run test:terraform` the terraform tier, plain `jest` both.
/** @type {import('jest').Config} */
module.exports = {
  // Jest's default on 2 cores is one worker; the terraform plans run in child processes anyway.
  maxWorkers: 2,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/', '/terraform/', '/browser/', '/policy/'],
    },
    {
      ...common,
      // The browser tier: a headless Chromium (Debian's) renders what the review draws.
      displayName: 'browser',
      testMatch: ['<rootDir>/__tests__/**/browser/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/'],
    },
    {
      ...common,
      displayName: 'terraform',
      testMatch: ['<rootDir>/__tests__/**/terraform/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/'],
    },
    // Real Checkov (seconds of CPU per stack): tests under a `policy/` folder.
    {
      ...common,
      displayName: 'policy',
      testMatch: ['<rootDir>/__tests__/**/policy/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/'],
    },
  ],
};
