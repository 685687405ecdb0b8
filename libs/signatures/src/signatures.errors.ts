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
});
