import { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UsersRepository } from '@app/auth';
import { OrgRepository } from '@app/org';
import { CREDENTIAL_CIPHER, CredentialCipher, validationFailed } from '@app/common';
import { Pkcs12FormatError, Pkcs12PasswordError, PdfSignerCredentials, readPkcs12 } from './pades';
import { OwnerKind, SigningCredentialsRepository } from './signing-credentials.repository';

export interface UploadCredentialInput {
  ownerKind: OwnerKind;
  ownerId: string;
  /** The PKCS#12 (.p12/.pfx) file, base64. */
  p12: string;
  password: string;
}

/**
 * The certificates people and organisations sign with (PKCS#12, stored encrypted with its password),
 * and the roots verification trusts (signature images and seals: SigningImagesService).
 */
@Injectable()
export class SigningCredentialsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CREDENTIAL_CIPHER) private readonly cipher: CredentialCipher,
    private readonly repo: SigningCredentialsRepository,
    private readonly users: UsersRepository,
    private readonly org: OrgRepository,
  ) {}

  /**
   * Admin: stores an organisation's PKCS#12 (encrypted), after checking it opens — for its
   * server-side signature in approval mode (TRANSITIONAL, until the server-side slot). A person's
   * key never reaches the server: their certificate is registered instead.
   */
  async upload(input: UploadCredentialInput) {
    if (input.ownerKind === 'user')
      throw validationFailed([
        {
          field: 'ownerKind',
          message:
            'Khóa bí mật của cá nhân không được lưu trên máy chủ: hãy đăng ký chứng thư số của người ký (không kèm khóa); người ký ký bằng thiết bị hoặc tệp của mình.',
        },
      ]);
    await this.assertOwnerExists(input.ownerKind, input.ownerId);
    try {
      return await this.store(
        this.ds.manager,
        input.ownerKind,
        input.ownerId,
        Buffer.from(input.p12, 'base64'),
        input.password,
      );
    } catch (e) {
      if (e instanceof Pkcs12PasswordError)
        throw validationFailed([
          { field: 'password', message: 'Mật khẩu của tệp chứng thư số không đúng.' },
        ]);
      if (e instanceof Pkcs12FormatError)
        throw validationFailed([
          { field: 'p12', message: 'Tệp không phải là chứng thư số PKCS#12 (.p12/.pfx) hợp lệ.' },
        ]);
      throw e;
    }
  }

  /** Stores a PKCS#12 for a person or an organisation inside `em`'s transaction, after checking it opens with its password. */
  async store(
    em: EntityManager,
    ownerKind: OwnerKind,
    ownerId: string,
    p12: Buffer,
    password: string,
  ) {
    const contents = readPkcs12(p12, password);
    const cert = new X509Certificate(contents.certPem);
    const subject = cert.subject.replace(/\n/g, ', ');
    const notAfter = new Date(cert.validTo);
    await this.repo.insert(em, {
      ownerKind,
      ownerId,
      subject,
      notAfter,
      certificatePem: contents.certPem,
      p12Encrypted: this.cipher.encrypt(p12),
      passwordEncrypted: this.cipher.encrypt(Buffer.from(password, 'utf8')),
    });
    return { subject, notAfter };
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

  /** The owner's newest valid credential, decrypted for signing, or null. */
  async forSigning(
    ownerKind: OwnerKind,
    ownerId: string,
    em?: EntityManager,
  ): Promise<PdfSignerCredentials | null> {
    const row = await this.repo.newestValid(ownerKind, ownerId, em);
    return row
      ? {
          p12: this.cipher.decrypt(row.p12Encrypted),
          password: this.cipher.decrypt(row.passwordEncrypted).toString('utf8'),
        }
      : null;
  }

  /** Whether the owner has a credential still valid (without decrypting it). */
  async hasValid(ownerKind: OwnerKind, ownerId: string): Promise<boolean> {
    return (await this.repo.newestValid(ownerKind, ownerId)) !== null;
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
