import { defineErrors } from '@app/common';

/** Errors of form definitions. */
export const FormErrors = defineErrors('forms', {
  FORM_NOT_FOUND: {
    status: 404,
    message: (p: { code: string; version?: number }) =>
      `Không tìm thấy biểu mẫu ${p.code}${p.version !== undefined ? ` phiên bản ${p.version}` : ''}.`,
  },
  FORM_DEFINITION_INVALID: { status: 422, message: 'Định nghĩa biểu mẫu không hợp lệ.' },
  FORM_DEFINITION_TOO_LARGE: { status: 413, message: 'Định nghĩa biểu mẫu quá lớn.' },
});
