import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('demo');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('demo', hash)).toBe(true);
    expect(await verifyPassword('Demo', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('demo')).not.toEqual(await hashPassword('demo'));
  });

  it('refuses malformed hashes instead of throwing', async () => {
    expect(await verifyPassword('demo', 'plain')).toBe(false);
    expect(await verifyPassword('demo', 'scrypt$1$1$1$AAAA$BBBB')).toBe(false);
  });
});
