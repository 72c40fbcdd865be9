// ESLint (run by `npm test`): JavaScript's and typescript-eslint's recommended rules, without type
// information (tsc --noEmit checks the types beside it). Prettier owns the layout (.prettierrc.json).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The globals of a CommonJS file run by node, and of setup.js, which jest runs with `expect`. */
const node = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly', process: 'readonly', console: 'readonly', Buffer: 'readonly' };

export default defineConfig(
  { ignores: ['node_modules/', 'cdktf.out/', '.tmp/', 'bench-results/', '__tests__/fixtures/', '**/*.d.ts', '**/*.d.cts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.cjs', 'jest.config.js', 'setup.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...node, expect: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      // `_name` marks a parameter a callback must take but does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // A `let` a closure reads before its one assignment (a Lazy value) cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // The terminal renderer and its tests match ANSI escapes (\x1b) on purpose.
      'no-control-regex': 'off',
    },
  },
);
