// @swc/jest strips types without checking them, file by file; `npm test` runs `tsc --noEmit` first,
// so a type error still fails the suite.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest's default on 2 cores is one worker; the terraform plans run in child processes anyway.
  maxWorkers: 2,
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json', 'node'],
  setupFilesAfterEnv: ['<rootDir>/setup.js'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/'],
};
