/**
 * The one form of a user name that sign-in looks up and that every sign-in limit counts by, on the
 * web form and the API alike: trimmed, NFC, lower-cased (user names are stored lower-case). A
 * variant that reaches an account is always counted under that account's key. Passwords are never
 * folded: they are compared exactly as typed.
 */
export function loginName(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * The key a sign-in limit counts `raw` under: its login name, cut to the longest user name, control
 * characters (which no user name has, and PostgreSQL refuses in text) replaced.
 */
export function loginKey(raw: string): string {
  return loginName(raw).replace(CONTROL, '\ufffd').slice(0, 64);
}

/** Whether a name holds a control character (no user name does; PostgreSQL refuses NUL in text). */
export const hasControlCharacter = (s: string) => new RegExp(CONTROL.source).test(s);
