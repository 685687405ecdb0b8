import { loginKey, loginName } from './login-name';

describe(loginName.name, () => {
  it('folds every variant that reaches one account to one name: trimmed, NFC, lower-cased', () => {
    const nfd = 'tr\u1ea1m'.normalize('NFD');
    expect(nfd).not.toBe('trạm');
    for (const v of ['quanglac.head', ' QuangLac.Head\t', 'QUANGLAC.HEAD   ', '\nquanglac.head'])
      expect(loginName(v)).toBe('quanglac.head');
    expect(loginName(` ${nfd.toUpperCase()} `)).toBe('trạm');
  });

  it('keys a name with control characters without them, and no longer than a user name', () => {
    expect(loginKey('admin\u0000')).toBe('admin\ufffd');
    expect(loginKey('x'.repeat(100))).toHaveLength(64);
  });
});
