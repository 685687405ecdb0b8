import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Passwords too common to allow: the list of zxcvbn-ts (about 30,000 from public leaks, MIT), and
 * the ones Vietnamese offices tend to use. Compared lower-cased.
 */
const VIETNAMESE = [
  'matkhau',
  'matkhau123',
  'matkhau@123',
  'anhyeuem',
  'emyeuanh',
  'vietnam',
  'vietnam123',
  'hanoi',
  'hochiminh',
  'saigon',
  'ubnd',
  'ubndxa',
  'ubnd@123',
  'admin@123',
  'abc@1234',
  'abc@12345',
  'abcd@1234',
  'qwerty@123',
  'baocao',
  'baocao123',
  'treem',
  'treem123',
  'tre em',
  'langson',
  'langson123',
  'demo',
  'demo12345',
  '1234567890',
  '12345678910',
  '0123456789',
  'a123456789',
];

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  [...dictionary['passwords-common'], ...VIETNAMESE].map((p) => p.toLowerCase()),
);
