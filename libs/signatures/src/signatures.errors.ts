import { defineErrors } from '@app/common';

/** Errors of digital signatures, certificates and signature images. */
export const SignatureErrors = defineErrors('signatures', {
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
