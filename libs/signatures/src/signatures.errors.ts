import { defineErrors } from '@app/common';

/** Errors of digital signatures, certificates and signature images. */
export const SignatureErrors = defineErrors('signatures', {
  SIGNER_CREDENTIAL_MISSING: {
    status: 409,
    message:
      'Chưa thể phát hành: người ký chưa có chứng thư số còn hiệu lực. Đề nghị quản trị viên cập nhật chứng thư số.',
  },
  ORGANISATION_CREDENTIAL_MISSING: {
    status: 409,
    message:
      'Chưa thể phát hành: cơ quan chưa có chứng thư số còn hiệu lực. Đề nghị quản trị viên cập nhật chứng thư số.',
  },
  CERTIFICATE_NOT_FOUND: { status: 404, message: 'Không có chứng thư số này.' },
  CERTIFICATE_OWNER_NOT_FOUND: {
    status: 404,
    message: (p: { owner: string }) => `Không tìm thấy ${p.owner} này.`,
  },
  CERTIFICATE_NOT_YOURS: {
    status: 403,
    message:
      'Bạn chỉ được đăng ký chứng thư số của chính mình, hoặc (quản trị viên) của người dùng và đơn vị thuộc phạm vi quản trị.',
  },
});
