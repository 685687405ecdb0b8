import { CommonErrors, defineErrors } from '@app/common';

/** Errors of signing in. */
export const AuthErrors = defineErrors('auth', {
  INVALID_CREDENTIALS: { status: 401, message: 'Tên đăng nhập hoặc mật khẩu không đúng.' },
  CREDENTIALS_MISSING: { status: 422, message: 'Vui lòng nhập tên đăng nhập và mật khẩu.' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message: 'Bạn đang dùng mật khẩu một lần. Hãy đổi mật khẩu trước khi tiếp tục.',
  },
  LOGIN_PAUSED: {
    status: 429,
    message: (p: { minutes: number }) =>
      `Tên đăng nhập này đã bị thử sai quá nhiều lần nên tạm thời không đăng nhập được. Vui lòng thử lại sau ${p.minutes} phút.`,
  },
  CURRENT_PASSWORD_WRONG: { status: 422, message: 'Mật khẩu hiện tại không đúng.' },
  PASSWORD_REJECTED: { status: 422, message: 'Mật khẩu mới chưa đạt yêu cầu.' },
  USER_NOT_FOUND: {
    status: 404,
    message: 'Không tìm thấy người dùng, hoặc người dùng không thuộc phạm vi quản trị của bạn.',
  },
  USERNAME_TAKEN: {
    status: 409,
    message: (p: { username: string }) => `Tên đăng nhập ${p.username} đã có người dùng.`,
  },
  USER_OUTSIDE_SCOPE: {
    status: 403,
    message:
      'Bạn chỉ được quản trị người dùng của đơn vị mình và các đơn vị cấp dưới, và không được cấp quyền quản trị hệ thống.',
  },
  SELF_LOCKOUT: {
    status: 422,
    message: 'Bạn không thể tự khóa tài khoản hoặc tự bỏ quyền quản trị của mình.',
  },
});

/** A missing, expired or revoked session (code UNAUTHENTICATED, like any request without a session). */
export const sessionInvalid = () =>
  CommonErrors.UNAUTHENTICATED({
    message: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.',
  });
