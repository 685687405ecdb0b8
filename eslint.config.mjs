// ESLint (flat config): typescript-eslint's recommended rules over the TypeScript sources and tests,
// the recommended JavaScript rules over the scripts and benchmarks. Formatting is Prettier's job.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist.*/**',
      'node_modules/**',
      'coverage/**',
      'test-artifacts/**',
      '.data/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Decorated Nest classes and Handlebars helpers are called by the framework.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // Tests read whatever the API answers.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  {
    // Chromium evaluates these functions in the page (DOM globals).
    files: [
      'libs/renderer/src/page-printer.ts',
      'templates/web/assets/*.js',
      'test/e2e/web.e2e-spec.ts',
    ],
    languageOptions: { globals: { ...globals.browser } },
  },
  { files: ['templates/web/assets/*.js'], languageOptions: { sourceType: 'script' } },
);
