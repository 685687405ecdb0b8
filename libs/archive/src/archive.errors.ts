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
  PDF_MISSING: {
    status: 400,
    message: 'Cần gửi tệp PDF (Content-Type: application/pdf) trong nội dung yêu cầu.',
  },
});
