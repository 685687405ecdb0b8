'use strict';
const tsconfig = require('./tsconfig.json');

const transform = { '^.+\\.ts$': '<rootDir>/scripts/jest-transform.js' };
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) =>
    alias.endsWith('/*')
      ? [
          `^${alias.slice(0, -2).replace('/', '\\/')}\\/(.*)$`,
          `<rootDir>/${target.slice(0, -2)}/$1`,
        ]
      : [`^${alias.replace('/', '\\/')}$`, `<rootDir>/${target}`],
  ),
);
const common = { transform, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/**
 * Four tiers: unit specs beside the source (no database, no browser); medium specs under
 * test/medium (real PostgreSQL with the real migrations, real Chromium, no HTTP); e2e specs under
 * test/e2e (the whole app over HTTP, the server as its own process); attack specs under test/attack
 * (e2e tests that time how the server answers while it is attacked — `npm test` runs them alone,
 * after the others, so that what they time is the server and not a neighbouring test). PostgreSQL
 * starts once per run, only when a medium, e2e or attack test runs.
 */
module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      ...database,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.spec.ts'],
    },
    {
      ...common,
      ...database,
      globalSetup: '<rootDir>/test/support/e2e-setup.ts',
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
    {
      ...common,
      ...database,
      globalSetup: '<rootDir>/test/support/e2e-setup.ts',
      displayName: 'attack',
      testMatch: ['<rootDir>/test/attack/**/*.attack-spec.ts'],
    },
  ],
};
