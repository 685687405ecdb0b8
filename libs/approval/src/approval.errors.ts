import { FieldError, defineErrors } from '@app/common';
import { Refusal } from '@app/workflow';
import { ReportErrors } from '@app/reports';

/** Errors of the approval workflow. */
export const ApprovalErrors = defineErrors('approval', {
  WORKFLOW_FORBIDDEN: { status: 403, message: (p: { message: string }) => p.message },
  RETURN_REASON_REQUIRED: { status: 422, message: (p: { message: string }) => p.message },
  SIGN_BLOCKED_BY_ERRORS: { status: 422, message: (p: { message: string }) => p.message },
  SIGN_AUTHORITY_NOT_ALLOWED: { status: 422, message: (p: { message: string }) => p.message },
  ISSUE_DATE_INVALID: { status: 422, message: (p: { message: string }) => p.message },
  REPORT_ALREADY_ACKNOWLEDGED: { status: 409, message: (p: { message: string }) => p.message },
  REPORT_SUPERSEDED: {
    status: 409,
    message: 'Báo cáo này đã được thay thế bằng một báo cáo khác; thao tác trên báo cáo thay thế.',
  },
  REPLACE_FORBIDDEN: {
    status: 403,
    message: 'Chỉ đơn vị ban hành văn bản mới được lập văn bản thay thế.',
  },
  DOCUMENT_ALREADY_REPLACED: {
    status: 409,
    message: 'Văn bản này đã được (hoặc đang được) thay thế bởi một văn bản khác.',
  },
  REPLACE_REPORT_REOPENED: {
    status: 409,
    message:
      'Báo cáo của văn bản này đã được trả lại để sửa; phát hành lại báo cáo đó sẽ thay thế văn bản này.',
  },
  DOCX_MISSING: { status: 400, message: 'Cần gửi tệp Word (.docx) trong nội dung yêu cầu.' },
  DOCX_UNREADABLE: { status: 400, message: (p: { message: string }) => p.message },
  DOCX_VERSION_REQUIRED: {
    status: 422,
    message: 'Cần gửi phiên bản báo cáo (version) đang sửa để lưu nội dung từ bản Word.',
  },
  DOCX_NOT_AVAILABLE: {
    status: 409,
    message:
      'Văn bản này được phát hành trước khi hệ thống lưu bản Word và báo cáo đã thay đổi sau đó; chỉ có bản gốc PDF.',
  },
  SIGNATURE_REFUSED: { status: 422, message: (p: { message: string }) => p.message },
  SIGNER_CERTIFICATE_MISSING: {
    status: 422,
    message:
      'Bạn chưa đăng ký chứng thư số còn hiệu lực: hãy đăng ký chứng thư số của mình (Tài khoản) rồi ký lại.',
  },
  ORGANISATION_CERTIFICATE_MISSING: {
    status: 422,
    message:
      'Cơ quan chưa đăng ký chứng thư số còn hiệu lực: đề nghị quản trị viên đăng ký chứng thư số của cơ quan.',
  },
  HEAD_SIGNATURE_MISSING: {
    status: 409,
    message:
      'Báo cáo chưa có chữ ký số của lãnh đạo (đã được duyệt khi đơn vị chưa dùng chữ ký số cá nhân): trả lại để lãnh đạo ký.',
  },
  ORGANISATION_SLOT_UNAVAILABLE: {
    status: 409,
    message: (p: { message: string }) => `Chưa thể phát hành: ${p.message}`,
  },
  SIGNING_REQUEST_NOT_FOUND: {
    status: 404,
    message: 'Báo cáo không có yêu cầu ký nào đang chờ bạn.',
  },
  NUMBER_TAKEN_WHILE_SIGNING: {
    status: 422,
    message: (p: { numberText: string }) =>
      `Số ${p.numberText} đã được cấp cho văn bản khác trong khi chờ chữ ký của cơ quan: văn thư phát hành lại để lấy số mới.`,
  },
  ISSUE_PREVIEW_NOT_AVAILABLE: {
    status: 409,
    message: 'Chỉ xem trước bản phát hành khi báo cáo đã được ký và chưa phát hành.',
  },
});

/** The answer to a refused workflow event: who may not (403), a reason missing or blocking rule errors (422), not in this state or already acknowledged (409). */
export function refusalError(r: Refusal, violations: FieldError[] = []) {
  switch (r.kind) {
    case 'forbidden':
      return ApprovalErrors.WORKFLOW_FORBIDDEN({ message: r.message });
    case 'reasonRequired':
      return ApprovalErrors.RETURN_REASON_REQUIRED(
        { message: r.message },
        { errors: [{ field: 'comment', message: r.message }] },
      );
    case 'blockingErrors':
      return ApprovalErrors.SIGN_BLOCKED_BY_ERRORS(
        { message: r.message },
        {
          errors: violations.map((v) => ({
            form: v.form,
            row: v.row,
            column: v.column,
            message: v.message,
          })),
        },
      );
    case 'alreadyAcknowledged':
      return ApprovalErrors.REPORT_ALREADY_ACKNOWLEDGED({ message: r.message });
    default:
      return ReportErrors.TRANSITION_NOT_ALLOWED({ state: '', message: r.message });
  }
}
