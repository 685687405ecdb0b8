import globalSetup from './global-setup';

/** End-to-end tests: the database of global-setup, and the build that the tests running the server as its own process start. */
export default async function e2eSetup() {
  await globalSetup();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await require('../../scripts/build').build();
}
