import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditActor, AuditService } from '@app/audit';
import { CommonErrors, requireUuid, validationFailed } from '@app/common';
import { readCrl } from './revocation-sources';
import { RevocationRepository } from './revocation.repository';
import { issuerKeyOf } from './revocation.service';
import { TrustAnchorsRepository } from './trust-anchors.repository';
import * as x509 from './x509';
import {
  NotACertificateError,
  certificateDerFromText,
  displayNameOf,
  isCa,
  serialHex,
  sha256Hex,
  toPem,
} from './x509-certificates';

/** Largest CRL accepted from the administrator (DER bytes). */
export const MAX_UPLOADED_CRL_BYTES = 1024 * 1024;

export interface TrustAnchorView {
  id: string;
  /** Distinguished names (RFC 4514). */
  subject: string;
  issuer: string;
  /** The subject's common name (else organisation), for people to read. */
  name: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  addedAt: Date;
}

const viewOf = (id: string, addedAt: Date, c: x509.X509Certificate): TrustAnchorView => ({
  id,
  subject: c.subject,
  issuer: c.issuer,
  name: displayNameOf(c.subjectName),
  serial: serialHex(c),
  notBefore: c.notBefore,
  notAfter: c.notAfter,
  isCa: isCa(c),
  addedAt,
});

/** The administrator's trust store (roots and intermediates) and the CRLs they upload. */
@Injectable()
export class TrustAnchorsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly anchors: TrustAnchorsRepository,
    private readonly revocation: RevocationRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<TrustAnchorView[]> {
    return (await this.anchors.list()).map((a) =>
      viewOf(a.id, a.createdAt, new x509.X509Certificate(a.certificatePem)),
    );
  }

  /** Adds a CA certificate (PEM or base64 DER); adding one already there answers it unchanged. */
  async add(actor: AuditActor, certificate: string): Promise<TrustAnchorView> {
    let der: Buffer;
    try {
      der = certificateDerFromText(certificate);
    } catch (e) {
      if (!(e instanceof NotACertificateError)) throw e;
      throw validationFailed([
        {
          field: 'certificate',
          message: 'Nội dung không phải là chứng thư số X.509 (PEM, hoặc DER mã hóa base64).',
        },
      ]);
    }
    const cert = new x509.X509Certificate(
      der.buffer.slice(der.byteOffset, der.byteOffset + der.length) as ArrayBuffer,
    );
    if (!isCa(cert))
      throw validationFailed([
        {
          field: 'certificate',
          message:
            'Chứng thư số này không phải của một tổ chức chứng thực (thiếu basicConstraints CA): chỉ tin cậy chứng thư gốc hoặc trung gian.',
        },
      ]);
    return this.ds.transaction(async (em) => {
      const { id, existed } = await this.anchors.insert(
        {
          name: cert.subject.slice(0, 500),
          certificatePem: toPem(der),
          sha256: sha256Hex(der),
          addedBy: actor.id,
        },
        em,
      );
      const view = viewOf(id, new Date(), cert);
      if (!existed)
        await this.audit.record(em, actor, [
          {
            action: 'create',
            entity: 'trustAnchor',
            entityId: id,
            label: cert.subject,
            after: view,
          },
        ]);
      return view;
    });
  }

  async remove(actor: AuditActor, id: string): Promise<void> {
    requireUuid(id);
    await this.ds.transaction(async (em) => {
      const removed = await this.anchors.delete(id, em);
      if (!removed) throw CommonErrors.NOT_FOUND({ message: 'Không có chứng thư tin cậy này.' });
      await this.audit.record(em, actor, [
        {
          action: 'delete',
          entity: 'trustAnchor',
          entityId: id,
          label: removed.name,
          before: { subject: removed.name, sha256: removed.sha256 },
        },
      ]);
    });
  }

  /**
   * Stores a CRL (PEM "X509 CRL" or base64 DER) issued by one of the trust anchors (its signature
   * checked); it is consulted for that issuer's certificates from then on.
   */
  async uploadCrl(actor: AuditActor, text: string) {
    const refuse = (message: string) => validationFailed([{ field: 'crl', message }]);
    const pem = /-----BEGIN X509 CRL-----([A-Za-z0-9+/=\s]+)-----END X509 CRL-----/.exec(text);
    const b64 = (pem ? pem[1] : text).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64))
      throw refuse('Nội dung không phải là danh sách thu hồi (CRL) dạng PEM hoặc base64.');
    const der = Buffer.from(b64, 'base64');
    if (der.length > MAX_UPLOADED_CRL_BYTES)
      throw refuse(`Danh sách thu hồi lớn quá ${MAX_UPLOADED_CRL_BYTES / 1024} KiB.`);
    let crl: x509.X509Crl | undefined;
    for (const a of await this.anchors.list()) {
      try {
        crl = await readCrl(der, new x509.X509Certificate(a.certificatePem));
        break;
      } catch {
        // not this issuer
      }
    }
    if (!crl)
      throw refuse(
        'Danh sách thu hồi không đọc được, hoặc không do một tổ chức chứng thực trong danh sách tin cậy ký.',
      );
    const found = crl;
    return this.ds.transaction(async (em) => {
      const id = await this.revocation.insertUploadedCrl(
        {
          issuerKey: issuerKeyOf(found.issuerName),
          issuer: found.issuer.slice(0, 500),
          der,
          thisUpdate: found.thisUpdate,
          nextUpdate: found.nextUpdate ?? null,
        },
        em,
      );
      const view = {
        id,
        issuer: found.issuer,
        source: 'uploaded' as const,
        thisUpdate: found.thisUpdate,
        nextUpdate: found.nextUpdate ?? null,
        revokedCount: found.entries.length,
      };
      await this.audit.record(em, actor, [
        {
          action: 'create',
          entity: 'revocationList',
          entityId: id,
          label: found.issuer,
          after: view,
        },
      ]);
      return view;
    });
  }

  listCrls() {
    return this.revocation.listCrls();
  }

  async removeCrl(actor: AuditActor, id: string): Promise<void> {
    requireUuid(id);
    await this.ds.transaction(async (em) => {
      const issuer = await this.revocation.deleteCrl(id, em);
      if (issuer === null)
        throw CommonErrors.NOT_FOUND({ message: 'Không có danh sách thu hồi này.' });
      await this.audit.record(em, actor, [
        { action: 'delete', entity: 'revocationList', entityId: id, label: issuer },
      ]);
    });
  }
}
