import { defineErrors } from '@app/common';

const NOT_EDITABLE: Record<string, string> = {
  signed:
    'Báo cáo đã được lãnh đạo ký, nội dung không thể thay đổi. Nếu cần sửa, đề nghị lãnh đạo hoặc văn thư trả lại để chỉnh sửa.',
  submitted: 'Báo cáo đã được phát hành và gửi đi, nội dung không thể thay đổi.',
  consolidated: 'Báo cáo đã được cấp trên tổng hợp, nội dung không thể thay đổi.',
  awaitingSignature:
    'Báo cáo đang chờ lãnh đạo ký, không thể sửa. Đề nghị lãnh đạo trả lại nếu cần chỉnh sửa.',
};

/** Errors of reporting periods and reports. */
export const ReportErrors = defineErrors('reports', {
  PERIOD_NOT_FOUND: { status: 404, message: 'Không tìm thấy kỳ báo cáo.' },
  PERIOD_CLOSED: {
    status: 409,
    message: (p: { label: string }) =>
      `Kỳ báo cáo "${p.label}" đã đóng, không thể lập báo cáo mới.`,
  },
  UNIT_NOT_IN_PERIOD: {
    status: 409,
    message: (p: { unit: string; label: string; date: string }) =>
      `${p.unit} không có hiệu lực vào ngày chốt số liệu ${p.date} của kỳ "${p.label}" (đơn vị đã kết thúc hoặc chưa được thành lập), nên không lập báo cáo cho kỳ này.`,
  },
  PERIOD_CLOSED_FOR_EDITS: {
    status: 409,
    message: (p: { label: string }) =>
      `Kỳ báo cáo "${p.label}" đã đóng: nội dung báo cáo không thể thay đổi nữa.`,
  },
  PERIOD_EXISTS: {
    status: 409,
    message: (p: { code: string }) => `Đã có kỳ báo cáo mã ${p.code}.`,
  },
  REPORT_NOT_FOUND: {
    status: 404,
    message: 'Không tìm thấy báo cáo, hoặc bạn không có quyền xem báo cáo này.',
  },
  REPORT_EXISTS: {
    status: 409,
    message: (p: { title: string; period: string; id: string }) =>
      `Đơn vị đã có báo cáo "${p.title}" cho kỳ ${p.period} (mã ${p.id}). Mỗi đơn vị chỉ lập một báo cáo cho mỗi kỳ.`,
  },
  REPORT_EDIT_FORBIDDEN: {
    status: 403,
    message: 'Chỉ chuyên viên của đơn vị lập báo cáo mới được sửa báo cáo này.',
  },
  REPORT_CREATE_FORBIDDEN: { status: 403, message: 'Chỉ chuyên viên mới được lập báo cáo.' },
  /** Content can change only while a draft is being edited. */
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    message: (p: { state: string; message?: string }) =>
      p.message ?? NOT_EDITABLE[p.state] ?? 'Báo cáo không ở trạng thái dự thảo.',
  },
  STALE_VERSION: {
    status: 409,
    message: (p: { current: number; sent: number }) =>
      `Báo cáo đã được người khác lưu sau khi bạn mở (phiên bản hiện tại ${p.current}, bạn đang dùng phiên bản ${p.sent}). Vui lòng tải lại trước khi lưu.`,
  },
  REPORT_CELLS_INVALID: {
    status: 422,
    message: 'Có ô số liệu không hợp lệ; chưa lưu thay đổi nào.',
  },
  CONSOLIDATED_DATA_READ_ONLY: {
    status: 422,
    message:
      'Số liệu của báo cáo tổng hợp được tính từ báo cáo của các đơn vị cấp dưới, không nhập trực tiếp. Hãy tổng hợp lại nếu số liệu cấp dưới thay đổi.',
  },
  REPORT_FORM_NOT_FOUND: {
    status: 404,
    message: (p: { code: string }) => `Báo cáo không có biểu mẫu ${p.code}.`,
  },
  WORKBOOK_UNREADABLE: { status: 400, message: (p: { message: string }) => p.message },
  WORKBOOK_MISSING: { status: 400, message: 'Cần gửi tệp Excel (.xlsx) trong nội dung yêu cầu.' },
  WORKBOOK_CELLS_INVALID: {
    status: 422,
    message: (p: { count: number }) =>
      `Bảng tính có ${p.count} ô không hợp lệ; chưa nhập dữ liệu nào.`,
  },
  REQUEST_NOT_ALLOWED: {
    status: 422,
    message: (p: { type: string }) =>
      `Văn bản loại ${p.type} không dùng để yêu cầu báo cáo; chỉ công văn (CV) hoặc kế hoạch (KH) được yêu cầu đơn vị cấp dưới báo cáo.`,
  },
  REQUEST_NO_LOWER_UNITS: {
    status: 422,
    message: 'Đơn vị của bạn không có đơn vị cấp dưới nên không thể yêu cầu đơn vị khác báo cáo.',
  },
  REQUEST_UNITS_NOT_LOWER: {
    status: 422,
    message: (p: { names: string }) =>
      `Chỉ được yêu cầu báo cáo từ các đơn vị cấp dưới của đơn vị mình; không phải đơn vị cấp dưới: ${p.names}.`,
  },
  REQUEST_INVALID: { status: 422, message: (p: { message: string }) => p.message },
  UNIT_NOT_REQUESTED: {
    status: 422,
    message: (p: { unit: string; label: string }) =>
      `${p.unit} không được yêu cầu báo cáo trong kỳ "${p.label}" nên không lập báo cáo cho kỳ này.`,
  },
  NO_LOWER_UNITS: {
    status: 403,
    message: 'Đơn vị của bạn không có đơn vị cấp dưới trong kỳ báo cáo này.',
  },
});
