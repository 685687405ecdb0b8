import { defineErrors } from '@app/common';

/** Errors of the administration: imports of units and users. */
export const AdministrationErrors = defineErrors('administration', {
  IMPORT_INVALID: {
    status: 422,
    message: (p: { count: number }) =>
      `Tệp có ${p.count} lỗi; chưa nhập dữ liệu nào. Hãy sửa các dòng được nêu rồi tải lên lại.`,
  },
  IMPORT_UNREADABLE: { status: 400, message: (p: { message: string }) => p.message },
  IMPORT_NOT_FOUND: { status: 404, message: 'Không tìm thấy lần nhập dữ liệu này.' },
  PASSWORDS_GONE: {
    status: 410,
    message:
      'Danh sách mật khẩu một lần đã được tải về (chỉ tải được một lần). Nếu bị mất, hãy đặt lại mật khẩu cho từng người dùng.',
  },
});
