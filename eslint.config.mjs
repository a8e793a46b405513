// ESLint flat config: `npm run lint`. Type-aware rules read the TypeScript project (tsconfig.json),
// so a promise nobody awaits or a promise handed to a callback that ignores it is an error.
// Formatting is Prettier's job (`npm run format:check`); nothing here is about layout.
// Which folder may import which is dependency-cruiser's job (`npm run arch`, .dependency-cruiser.cjs).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.lading/', 'test/artifacts/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Promises: every one is awaited, returned, or explicitly `void`ed where fire-and-forget is meant.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      // An in-memory implementation of an async interface is `async` without awaiting: a throw becomes a rejection.
      '@typescript-eslint/require-await': 'off',

      // Imports: types imported as types (erased at runtime, never a load-order cycle), one import per module,
      // nothing from a build output. Which folder may import which: dependency-cruiser, not here.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      '@typescript-eslint/no-require-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/dist/**'],
              message: 'Import from the source or a package root, never a build output (e.g. `@apollo/subgraph/dist/...`).',
            },
          ],
        },
      ],

      // Unused code: tsc (noUnusedLocals, noUnusedParameters) reports it; `_name` marks a parameter a signature needs.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],

      // Errors are values with codes: throw Error objects, never strings.
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',

      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'prefer-const': 'error',
      'no-var': 'error',
      'object-shorthand': 'error',
    },
  },
  {
    // Tests and benchmarks: jest's matchers and node's assert are typed loosely.
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.contract.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Benchmarks print their numbers and tests say loudly what they skip; everything else logs through lib/logger.ts.
    files: ['bench/**/*.ts', 'test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
);
