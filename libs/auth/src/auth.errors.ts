import { CommonErrors, defineErrors } from '@app/common';

/** Errors of signing in. */
export const AuthErrors = defineErrors('auth', {
  INVALID_CREDENTIALS: { status: 401, message: 'Tên đăng nhập hoặc mật khẩu không đúng.' },
  CREDENTIALS_MISSING: { status: 422, message: 'Vui lòng nhập tên đăng nhập và mật khẩu.' },
});

/** A missing, expired or revoked session (code UNAUTHENTICATED, like any request without a session). */
export const sessionInvalid = () =>
  CommonErrors.UNAUTHENTICATED({
    message: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.',
  });
