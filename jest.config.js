'use strict';
const tsconfig = require('./tsconfig.json');

const transform = { '^.+\\.ts$': '<rootDir>/scripts/jest-transform.js' };
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) =>
    alias.endsWith('/*')
      ? [`^${alias.slice(0, -2).replace('/', '\\/')}\\/(.*)$`, `<rootDir>/${target.slice(0, -2)}/$1`]
      : [`^${alias.replace('/', '\\/')}$`, `<rootDir>/${target}`],
  ),
);
const common = { transform, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };

/** Three tiers: unit specs beside the source; medium and e2e specs under test/ against real PostgreSQL. */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
