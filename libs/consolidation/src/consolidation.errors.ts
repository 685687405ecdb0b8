import { defineErrors } from '@app/common';

/** Errors of consolidation (tổng hợp). */
export const ConsolidationErrors = defineErrors('consolidation', {
  CONSOLIDATION_FORBIDDEN: {
    status: 403,
    message: 'Chỉ chuyên viên của đơn vị mới được tổng hợp báo cáo.',
  },
  NO_LOWER_UNITS_TO_CONSOLIDATE: {
    status: 403,
    message:
      'Đơn vị của bạn không có đơn vị cấp dưới trong kỳ báo cáo này, không có gì để tổng hợp.',
  },
  COMPILED_NARRATIVE_FORBIDDEN: {
    status: 403,
    message:
      'Chỉ đơn vị lập báo cáo tổng hợp mới được tổng hợp nội dung từ báo cáo của đơn vị cấp dưới.',
  },
  NOT_A_CONSOLIDATED_REPORT: { status: 422, message: 'Báo cáo này không phải báo cáo tổng hợp.' },
});
