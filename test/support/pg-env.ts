/** Where the test PostgreSQL lives; set by global setup, read by every test worker. */
export const TEST_ENV = {
  adminUrl: 'TEST_PG_ADMIN_URL',
  templateDb: 'TEST_PG_TEMPLATE_DB',
  dataDir: 'TEST_PG_DATA_DIR',
  /** The owner of the schema and the application's role (any database of the cluster). */
  ownerUrl: 'TEST_PG_OWNER_URL',
  appUrl: 'TEST_PG_APP_URL',
  /** The demo's server-side organisation slot (JSON Pkcs11Location). */
  orgSlot: 'TEST_ORG_SLOT',
  /** The demo's SoftHSM2 configuration (what SOFTHSM2_CONF must name for the slot). */
  softhsmConf: 'TEST_DEMO_SOFTHSM2_CONF',
} as const;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
