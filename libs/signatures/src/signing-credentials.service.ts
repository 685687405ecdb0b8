import { Injectable } from '@nestjs/common';
import { UsersRepository } from '@app/auth';
import { OrgRepository } from '@app/org';
import { validationFailed } from '@app/common';
import { OwnerKind, SigningCredentialsRepository } from './signing-credentials.repository';

export interface UploadCredentialInput {
  ownerKind: OwnerKind;
  ownerId: string;
  /** The PKCS#12 (.p12/.pfx) file, base64. */
  p12: string;
  password: string;
}

/**
 * The server-held PKCS#12 credentials of before (none are left: the migration SignerHeldKeys moved
 * their certificates to registered_certificate and deleted them; uploads are refused), and the
 * roots verification trusts (signature images and seals: SigningImagesService).
 */
@Injectable()
export class SigningCredentialsService {
  constructor(
    private readonly repo: SigningCredentialsRepository,
    private readonly users: UsersRepository,
    private readonly org: OrgRepository,
  ) {}

  /**
   * Refused: no private key is stored in the database any more. A person's certificate is
   * registered (POST /api/users/:id/certificates) and they sign with their own token or file; an
   * organisation's key lives in its clerk's token or in the server-side PKCS#11 slot.
   */
  async upload(input: UploadCredentialInput) {
    throw validationFailed([
      {
        field: 'p12',
        message:
          input.ownerKind === 'user'
            ? 'Khóa bí mật của cá nhân không được lưu trên máy chủ: hãy đăng ký chứng thư số của người ký (không kèm khóa); người ký ký bằng thiết bị hoặc tệp của mình.'
            : 'Khóa bí mật của cơ quan không được lưu trong cơ sở dữ liệu: hãy đăng ký chứng thư số của cơ quan và đặt khóa trong thiết bị của văn thư hoặc khe ký PKCS#11 của máy chủ.',
      },
    ]);
  }

  /** Admin: the stored certificates (never the keys). */
  async list() {
    const rows = await this.repo.list();
    return rows.map((r) => ({
      id: r.id,
      ownerKind: r.ownerKind,
      ownerId: r.ownerId,
      subject: r.subject,
      notAfter: r.notAfter,
      createdAt: r.createdAt,
    }));
  }

  trustedRoots(): Promise<string[]> {
    return this.repo.trustedRootPems();
  }

  /** The person or organisation a certificate or an image is uploaded for must exist. */
  async assertOwnerExists(ownerKind: OwnerKind, ownerId: string) {
    const exists =
      ownerKind === 'user'
        ? await this.users.exists(ownerId)
        : !!(await this.org.findById(ownerId));
    if (!exists)
      throw validationFailed([
        {
          field: 'ownerId',
          message: ownerKind === 'user' ? 'Không có người dùng này.' : 'Không có đơn vị này.',
        },
      ]);
  }
}
