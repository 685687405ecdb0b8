import { startupMessage } from './startup-message';

describe('startupMessage', () => {
  it('says where the server is; in demo mode which demo users to sign in as, the rest counted', () => {
    expect(startupMessage('http://127.0.0.1:3000', [])).toBe(
      'Máy chủ đang chạy tại http://127.0.0.1:3000',
    );
    const all = ['admin', 'hoangdong.clerk', 'hoangdong.head', 'hoangdong.officer', 'kylua.head'];
    expect(startupMessage('http://127.0.0.1:3000', all)).toBe(
      'Máy chủ đang chạy tại http://127.0.0.1:3000; người dùng mẫu: admin, hoangdong.officer, hoangdong.head, hoangdong.clerk và 1 tài khoản khác, mật khẩu demo',
    );
    // Only accounts that are not among the usual ones: the first few, by name.
    expect(startupMessage('http://x', ['kylua.head'])).toBe(
      'Máy chủ đang chạy tại http://x; người dùng mẫu: kylua.head, mật khẩu demo',
    );
  });
});
