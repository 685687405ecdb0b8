import { X509Certificate } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UsersRepository } from '@app/auth';
import { OrgRepository } from '@app/org';
import { CREDENTIAL_CIPHER, CredentialCipher, validationFailed } from '@app/common';
import { imageType } from './image-type';
import { Pkcs12FormatError, Pkcs12PasswordError, PdfSignerCredentials, readPkcs12 } from './pades';
import { OwnerKind, SigningCredentialsRepository } from './signing-credentials.repository';

export interface UploadCredentialInput {
  ownerKind: OwnerKind;
  ownerId: string;
  /** The PKCS#12 (.p12/.pfx) file, base64. */
  p12: string;
  password: string;
}

export interface UploadImageInput {
  ownerKind: OwnerKind;
  ownerId: string;
  /** PNG or JPEG, base64: a person's signature (blue) or an organisation's seal (red). */
  image: string;
}

const MAX_IMAGE_BYTES = 500 * 1024;

/**
 * The certificates people and organisations sign with (PKCS#12, stored encrypted with its password),
 * the roots verification trusts, and the signature images and seals printed on issued originals.
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

  /** Admin: stores a person's or an organisation's PKCS#12 (encrypted), after checking it opens. */
  async upload(input: UploadCredentialInput) {
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

  trustedRoots(): Promise<string[]> {
    return this.repo.trustedRootPems();
  }

  /** Admin: a person's signature image or an organisation's seal (PNG or JPEG, at most 500 KB). */
  async uploadImage(input: UploadImageInput) {
    await this.assertOwnerExists(input.ownerKind, input.ownerId);
    const data = Buffer.from(input.image, 'base64');
    const mimeType = imageType(data);
    if (!mimeType)
      throw validationFailed([
        { field: 'image', message: 'Ảnh chữ ký, con dấu phải là tệp PNG hoặc JPEG.' },
      ]);
    if (data.length > MAX_IMAGE_BYTES)
      throw validationFailed([{ field: 'image', message: 'Ảnh quá lớn (tối đa 500 KB).' }]);
    await this.repo.insertImage({
      ownerKind: input.ownerKind,
      ownerId: input.ownerId,
      mimeType,
      data,
    });
    return { ownerKind: input.ownerKind, ownerId: input.ownerId, mimeType, size: data.length };
  }

  /** The owner's newest signature image or seal as a data: URL, or null. */
  async imageDataUrl(
    ownerKind: OwnerKind,
    ownerId: string,
    em?: EntityManager,
  ): Promise<string | null> {
    const image = await this.repo.latestImage(ownerKind, ownerId, em);
    const type = image ? imageType(image.data) : null;
    return image && type ? `data:${type};base64,${image.data.toString('base64')}` : null;
  }

  /** The person or organisation a certificate or an image is uploaded for must exist. */
  private async assertOwnerExists(ownerKind: OwnerKind, ownerId: string) {
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
