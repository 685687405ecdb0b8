import { defineErrors } from '@app/common';

/** Errors of the administration of org units. */
export const OrgErrors = defineErrors('org', {
  UNIT_NOT_FOUND: {
    status: 404,
    message: 'Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi quản trị của bạn.',
  },
  UNIT_CODE_TAKEN: { status: 409, message: (p: { code: string }) => `Đã có đơn vị mã ${p.code}.` },
  UNIT_OUTSIDE_SCOPE: {
    status: 403,
    message: 'Bạn chỉ được quản trị đơn vị của mình và các đơn vị cấp dưới.',
  },
  UNIT_INVALID: { status: 422, message: 'Thông tin đơn vị không hợp lệ.' },
});
