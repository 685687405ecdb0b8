import { ConfigError, durationSeconds, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  it('applies defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.embeddedPgPort).toBe(54329);
    expect(c.seedDemo).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.chromiumPath).toBe('/usr/bin/chromium');
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'abc', SEED_DEMO: 'maybe', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      throw new Error('expected ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/SEED_DEMO/);
      expect(problems).toMatch(/DATABASE_URL/);
      expect(problems).toMatch(/LOG_LEVEL/);
      expect((e as ConfigError).problems).toHaveLength(4);
    }
  });

  it('refuses production without a JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CREDENTIAL_SECRET is required/);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        CREDENTIAL_SECRET: 'y'.repeat(40),
      }).jwtSecret,
    ).toHaveLength(40);
  });

  it('refuses a short secret', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32/);
  });

  const PROD = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    CREDENTIAL_SECRET: 'y'.repeat(40),
  };

  it('loads no demo data in production unless demo data is explicitly allowed', () => {
    expect(loadConfig(PROD)).toMatchObject({ seedDemo: false, allowDemoData: false });
    expect(() => loadConfig({ ...PROD, SEED_DEMO: 'true' })).toThrow(/ALLOW_DEMO_DATA=true/);
    expect(loadConfig({ ...PROD, SEED_DEMO: 'true', ALLOW_DEMO_DATA: 'true' })).toMatchObject({
      seedDemo: true,
      allowDemoData: true,
    });
  });

  it('trusts no proxy by default, and only the ones TRUST_PROXY names', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'none' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  it('reads durations in seconds, minutes, hours or days', () => {
    expect(durationSeconds('3600')).toBe(3600);
    expect(durationSeconds('30m')).toBe(1800);
    expect(durationSeconds('8h')).toBe(28800);
    expect(durationSeconds('8 h')).toBeUndefined();
    const c = loadConfig({ JWT_EXPIRES_IN: '2h', WEB_SESSION_IDLE: '15m' });
    expect([c.tokenLifetimeSeconds, c.webSessionIdleSeconds]).toEqual([7200, 900]);
    expect(() => loadConfig({ WEB_SESSION_IDLE: 'soon' })).toThrow(/WEB_SESSION_IDLE/);
  });
});

describe('MIGRATION_DATABASE_URL', () => {
  it('takes the owner of the schema next to the application role of DATABASE_URL', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://te_app:a@db/te',
      MIGRATION_DATABASE_URL: 'postgres://te_owner:b@db/te',
    });
    expect([c.databaseUrl, c.migrationDatabaseUrl]).toEqual([
      'postgres://te_app:a@db/te',
      'postgres://te_owner:b@db/te',
    ]);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@db/te' }).migrationDatabaseUrl).toBeUndefined();
  });

  it('refuses a URL that is not PostgreSQL, and one without DATABASE_URL', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://a@db/te', MIGRATION_DATABASE_URL: 'mysql://x' }),
    ).toThrow(/MIGRATION_DATABASE_URL must start with postgres/);
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://a@db/te' })).toThrow(
      /MIGRATION_DATABASE_URL needs DATABASE_URL/,
    );
  });

  it('takes the organisation slot (ORG_PKCS11_*) as three variables together, the module existing', () => {
    expect(loadConfig({}).orgSlot).toBeUndefined();
    const module = '/usr/lib/softhsm/libsofthsm2.so';
    expect(
      loadConfig({
        ORG_PKCS11_MODULE: module,
        ORG_PKCS11_TOKEN: 'te-org-slot',
        ORG_PKCS11_PIN: '1234',
      }).orgSlot,
    ).toEqual({ module, tokenLabel: 'te-org-slot', pin: '1234' });
    expect(() => loadConfig({ ORG_PKCS11_MODULE: module })).toThrow(/set all three or none/);
    expect(() =>
      loadConfig({ ORG_PKCS11_MODULE: '/nope.so', ORG_PKCS11_TOKEN: 't', ORG_PKCS11_PIN: '1' }),
    ).toThrow(/ORG_PKCS11_MODULE names a file that does not exist/);
    expect(() =>
      loadConfig({
        ORG_PKCS11_MODULE: module,
        ORG_PKCS11_TOKEN: 'x'.repeat(33),
        ORG_PKCS11_PIN: '1',
      }),
    ).toThrow(/at most 32 bytes/);
  });
});
