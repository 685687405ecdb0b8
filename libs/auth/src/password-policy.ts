import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

const fold = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi').trim();

/** What is wrong with a password someone chose (Vietnamese), or nothing. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH)
    problems.push(`Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
  if (password.length > MAX_PASSWORD_LENGTH)
    problems.push(`Mật khẩu dài quá ${MAX_PASSWORD_LENGTH} ký tự.`);
  const p = fold(password);
  const u = fold(username);
  if (u && (p === u || p.includes(u))) problems.push('Mật khẩu không được chứa tên đăng nhập.');
  if (COMMON_PASSWORDS.has(p) || COMMON_PASSWORDS.has(p.replace(/[\d!@#$%^&*.]+$/, ''))) {
    problems.push('Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.');
  }
  return problems;
}
