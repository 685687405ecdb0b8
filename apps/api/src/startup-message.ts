/** Demo accounts named on the start-up line, in this order, when present (the others are counted). */
const SHOWN_DEMO_USERS = [
  'admin',
  'hoangdong.officer',
  'hoangdong.head',
  'hoangdong.clerk',
  'tpls.officer',
  'luongvantri.officer',
];

/**
 * The one line the start prints for people: where the server is and, in demo mode, whom to sign
 * in as ("Máy chủ đang chạy tại http://…; người dùng mẫu: admin, …, mật khẩu demo").
 */
export function startupMessage(url: string, demoUsers: string[]): string {
  const line = `Máy chủ đang chạy tại ${url}`;
  if (!demoUsers.length) return line;
  const shown = SHOWN_DEMO_USERS.filter((u) => demoUsers.includes(u));
  const named = shown.length ? shown : demoUsers.slice(0, SHOWN_DEMO_USERS.length);
  const others = demoUsers.length - named.length;
  return `${line}; người dùng mẫu: ${named.join(', ')}${others > 0 ? ` và ${others} tài khoản khác` : ''}, mật khẩu demo`;
}
