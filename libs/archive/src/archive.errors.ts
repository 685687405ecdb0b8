import { defineErrors } from '@app/common';

/** Errors of the archive of issued originals. */
export const ArchiveErrors = defineErrors('archive', {
  DOCUMENT_NOT_FOUND: {
    status: 404,
    message: 'Không tìm thấy văn bản, hoặc bạn không có quyền xem văn bản này.',
  },
  ARCHIVE_CORRUPTED: {
    status: 500,
    message: 'Bản lưu trữ của văn bản không còn nguyên vẹn. Đề nghị báo ngay cho quản trị viên.',
  },
  REGISTER_NOT_FOUND: {
    status: 404,
    message: 'Không tìm thấy đơn vị, hoặc bạn không có quyền xem sổ văn bản của đơn vị này.',
  },
  INCOMING_NOT_FOUND: {
    status: 404,
    message: 'Văn bản này không có trong sổ văn bản đến của đơn vị bạn.',
  },
  INCOMING_FORBIDDEN: {
    status: 403,
    message:
      'Chỉ chuyên viên, lãnh đạo hoặc văn thư của đơn vị nhận mới được thực hiện thao tác này.',
  },
  DOCUMENT_ALREADY_ACKNOWLEDGED: {
    status: 409,
    message: (p: { message: string }) => p.message,
  },
  HANDLER_INVALID: {
    status: 422,
    message: 'Người xử lý phải là người dùng đang hoạt động của đơn vị nhận văn bản.',
  },
  WITHDRAW_FORBIDDEN: {
    status: 403,
    message: 'Chỉ lãnh đạo của đơn vị ban hành mới được thu hồi văn bản.',
  },
  DOCUMENT_ALREADY_WITHDRAWN: {
    status: 409,
    message: 'Văn bản này đã được thu hồi trước đó.',
  },
  PDF_MISSING: {
    status: 400,
    message: 'Cần gửi tệp PDF (Content-Type: application/pdf) trong nội dung yêu cầu.',
  },
});
