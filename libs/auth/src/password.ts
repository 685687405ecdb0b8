import {
  createHash,
  randomBytes,
  randomInt,
  scrypt as scryptCb,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LEN = 32;

/** Hashes a password with scrypt: "scrypt$N$r$p$salt$hash" (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LEN, PARAMS);
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('otp$')) return verifyOneTimePassword(password, stored);
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!N || !r || !p || expected.length !== KEY_LEN) return false;
  const key = await scrypt(password, salt, KEY_LEN, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | undefined;
/** A valid hash of a random password: verified against when the user does not exist, so both failures cost the same. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A one-time password for a new account or a reset: four groups of four (e.g. "k7qm-3xta-…"),
 * about 79 bits of randomness. Valid once: the user must choose their own at the next sign-in.
 */
export function oneTimePassword(): string {
  return Array.from({ length: 4 }, () =>
    Array.from({ length: 4 }, () => OTP_ALPHABET[randomInt(OTP_ALPHABET.length)]).join(''),
  ).join('-');
}

/**
 * The hash of a one-time password: salted SHA-256, "otp$salt$hash". A random 79-bit secret cannot
 * be guessed from a fast hash any more than from scrypt, and an import of 10,000 users hashes in
 * milliseconds instead of minutes. Passwords people choose always get scrypt.
 */
export function hashOneTimePassword(password: string): string {
  const salt = randomBytes(16);
  const hash = createHash('sha256').update(salt).update(password, 'utf8').digest();
  return ['otp', salt.toString('base64'), hash.toString('base64')].join('$');
}

function verifyOneTimePassword(password: string, stored: string): boolean {
  const [, salt, expected] = stored.split('$');
  if (!salt || !expected) return false;
  const hash = createHash('sha256')
    .update(Buffer.from(salt, 'base64'))
    .update(password, 'utf8')
    .digest();
  const want = Buffer.from(expected, 'base64');
  return want.length === hash.length && timingSafeEqual(hash, want);
}
