import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException, notFound, parseInput, requireUuid, validationFailed } from '@app/common';
import { FormsService } from '@app/forms';
import { OrgRepository, OrgUnit } from '@app/org';
import { Report, ReportAccess, ReportIssuer, ReportIssuerRegistry } from '@app/reports';
import { buildDocumentModel, issuerOf } from './document-builder';
import { DocumentModel } from './document-model';
import { documentTitle, renderAnnexHtml, renderMainHtml } from './document-templates';
import { DocumentAccessLog } from './entities/document-access-log.entity';
import { IssuedDocument } from './entities/issued-document.entity';
import { documentSymbol, numberText, takeNextNumber } from './numbering';
import { PdfRenderer } from './pdf-renderer';
import { vietnamDate } from './vn-date';
import { Pkcs12FormatError, Pkcs12PasswordError, pdfSignatureVerdict, signPdf, verifyPdfSignatures } from './pades';
import { SigningCredential, SigningImage } from './entities/signing-credential.entity';
import { imageType } from './document-builder';
import { CredentialCipher, loadCredential, storeCredential, trustedRoots } from './signing-credentials';

export const PDF_RENDERER = Symbol('PDF_RENDERER');
export const CREDENTIAL_CIPHER = Symbol('CREDENTIAL_CIPHER');
export const NUMBERING_SERIES = 'all';

export const ListDocumentsSchema = z
  .object({
    year: z.string().regex(/^\d{4}$/).optional(),
    orgUnitId: z.string().uuid().optional(),
    q: z.string().max(200).optional(),
  })
  .strict();

export const UploadCredentialSchema = z
  .object({
    ownerKind: z.enum(['user', 'orgUnit']),
    ownerId: z.string().uuid(),
    /** The PKCS#12 (.p12/.pfx) file, base64. */
    p12: z.string().min(16).max(200_000),
    password: z.string().max(200),
  })
  .strict();

export const UploadImageSchema = z
  .object({
    ownerKind: z.enum(['user', 'orgUnit']),
    ownerId: z.string().uuid(),
    /** PNG or JPEG, base64: a person's signature (blue) or an organisation's seal (red). */
    image: z.string().min(16).max(700_000),
  })
  .strict();

export function documentView(d: IssuedDocument) {
  return {
    id: d.id,
    reportId: d.reportId,
    orgUnitId: d.orgUnitId,
    numberText: d.numberText,
    number: d.number,
    symbol: d.symbol,
    docType: d.docType,
    year: d.year,
    issuedAt: d.issuedAt,
    issueDate: d.issueDate,
    issuer: d.issuer,
    title: d.title,
    signer: d.signer,
    recipients: d.recipients,
    sha256: d.sha256,
    size: d.pdfSize,
  };
}

/**
 * Issuing and the archive: numbering, rendering the final PDF, the frozen original, who may read
 * it (reads are logged), verification of a file against the archive.
 */
@Injectable()
export class DocumentsService implements ReportIssuer, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(PDF_RENDERER) readonly renderer: PdfRenderer,
    private readonly forms: FormsService,
    private readonly org: OrgRepository,
    private readonly access: ReportAccess,
    private readonly registry: ReportIssuerRegistry,
    @Inject(CREDENTIAL_CIPHER) private readonly cipher: CredentialCipher,
  ) {}

  onModuleInit() {
    this.registry.issuer = this;
  }

  async onModuleDestroy() {
    await this.renderer.close();
  }

  /** HTML of the main text and of each annex, each rendered to its own pages. */
  htmlParts(model: DocumentModel): string[] {
    return [renderMainHtml(model), ...model.annexes.map((_, i) => renderAnnexHtml(model, i))];
  }

  /**
   * Inside the SUBMIT transaction: take the next number, render the final PDF with the number and
   * the issue date, archive it. Any failure rolls the whole transaction back: no gap, nothing half-issued.
   */
  async issue(em: EntityManager, report: Report, actor: AuthUser): Promise<Record<string, unknown>> {
    const issuedAt = new Date();
    const issueDate = vietnamDate(issuedAt);
    const year = Number(issueDate.slice(0, 4));
    const unit = await em.getRepository(OrgUnit).findOneByOrFail({ id: report.orgUnitId });
    const docType = report.type === 'KH' ? 'KH' : 'BC';
    const symbol = documentSymbol(docType, unit.abbreviation);
    const n = await takeNextNumber(em, unit.id, year, NUMBERING_SERIES);
    const text = numberText(n, symbol);
    const signature = await em.query(
      `SELECT signer_id, signer_name, signed_at, content_sha256 FROM report_signature WHERE report_id = $1 AND voided_at IS NULL ORDER BY signed_at DESC LIMIT 1`,
      [report.id],
    );
    // Both digital signatures are required: the head's, then the organisation's (Nghị định 30, Điều 8).
    const headKey = signature[0] ? await loadCredential(em, this.cipher, 'user', signature[0].signer_id) : null;
    if (!headKey) throw new DomainException('CONFLICT', 'Chưa thể phát hành: người ký chưa có chứng thư số còn hiệu lực. Đề nghị quản trị viên cập nhật chứng thư số.');
    const unitKey = await loadCredential(em, this.cipher, 'orgUnit', unit.id);
    if (!unitKey) throw new DomainException('CONFLICT', 'Chưa thể phát hành: cơ quan chưa có chứng thư số còn hiệu lực. Đề nghị quản trị viên cập nhật chứng thư số.');
    const model = await buildDocumentModel(em, this.forms, report, { draft: false, numberText: text, issueDate });
    const rendered = await this.renderer.renderDocument(this.htmlParts(model), { title: documentTitle(model) });
    let pdf = await signPdf(rendered, headKey, {
      fieldName: 'ChuKyNguoiCoThamQuyen',
      name: signature[0].signer_name,
      reason: `Ký ban hành văn bản số ${text}`,
      location: unit.placeName,
      signingTime: issuedAt,
    });
    // The organisation's signature is an incremental update: the head's stays valid.
    pdf = await signPdf(pdf, unitKey, { fieldName: 'ChuKyCoQuan', name: unit.name, reason: `Chữ ký số của ${unit.name}`, location: unit.placeName, signingTime: issuedAt });
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const inserted = await em.getRepository(IssuedDocument).insert({
      reportId: report.id,
      orgUnitId: unit.id,
      year,
      series: NUMBERING_SERIES,
      number: n,
      symbol,
      numberText: text,
      docType,
      issuedAt,
      issueDate,
      issuer: { ...issuerOf(unit), code: unit.code, level: unit.level },
      title: report.title,
      signer: {
        ...model.signature,
        signerId: signature[0]?.signer_id ?? null,
        signedAt: signature[0]?.signed_at ? new Date(signature[0].signed_at).toISOString() : null,
        contentSha256: signature[0]?.content_sha256 ?? null,
      },
      recipients: report.recipients,
      issuedBy: actor.id,
      pdf,
      sha256,
      pdfSize: pdf.length,
    });
    const documentId = inserted.identifiers[0].id as string;
    return { documentId, numberText: text, sha256 };
  }

  /** The latest issued document of each report (number and date shown on the report). */
  async latest(reportIds: string[]): Promise<Map<string, { documentId: string; numberText: string; issuedAt: Date }>> {
    if (reportIds.length === 0) return new Map();
    const rows: { id: string; report_id: string; number_text: string; issued_at: Date }[] = await this.ds.query(
      `SELECT DISTINCT ON (report_id) id, report_id, number_text, issued_at FROM issued_document WHERE report_id = ANY($1::uuid[]) ORDER BY report_id, issued_at DESC`,
      [reportIds],
    );
    return new Map(rows.map((r) => [r.report_id, { documentId: r.id, numberText: r.number_text, issuedAt: new Date(r.issued_at) }]));
  }

  /** GET /api/reports/:id/pdf: the archived original once issued, else a marked draft preview. */
  async reportPdf(user: AuthUser, reportId: string): Promise<{ pdf: Buffer; fileName: string; archived: boolean }> {
    const report = await this.access.loadVisible(user, reportId);
    if (report.state === 'submitted' || report.state === 'consolidated') {
      const latest = (await this.latest([report.id])).get(report.id);
      if (latest) {
        const { pdf, doc } = await this.readPdf(user, latest.documentId, true);
        return { pdf, fileName: `${doc.numberText.replace('/', '-')}.pdf`, archived: true };
      }
    }
    const model = await buildDocumentModel(this.ds.manager, this.forms, report, { draft: true, numberText: null, issueDate: null });
    return { pdf: await this.renderer.renderDocument(this.htmlParts(model), { title: documentTitle(model) }), fileName: 'du-thao.pdf', archived: false };
  }

  /** Issuer unit, its upper units, recipient units and admins may read an archived document. */
  async canRead(user: AuthUser, doc: Pick<IssuedDocument, 'orgUnitId' | 'recipients'>): Promise<boolean> {
    if (hasRole(user, 'admin') || doc.orgUnitId === user.orgUnitId) return true;
    if (doc.recipients.some((r) => r.orgUnitId === user.orgUnitId)) return true;
    return (await this.org.ancestorIds(doc.orgUnitId)).includes(user.orgUnitId);
  }

  async get(user: AuthUser, id: string): Promise<IssuedDocument> {
    const doc = await this.ds.getRepository(IssuedDocument).findOneBy({ id: requireUuid(id, 'Không tìm thấy văn bản.') });
    if (!doc || !(await this.canRead(user, doc))) throw notFound('Không tìm thấy văn bản, hoặc bạn không có quyền xem văn bản này.');
    return doc;
  }

  /** The archived bytes, exactly as issued; the read is logged. */
  async readPdf(user: AuthUser, id: string, viaReport = false): Promise<{ pdf: Buffer; doc: IssuedDocument }> {
    const doc = await this.get(user, id);
    const row = await this.ds.query(`SELECT pdf FROM issued_document WHERE id = $1`, [doc.id]);
    const pdf: Buffer = row[0].pdf;
    if (createHash('sha256').update(pdf).digest('hex') !== doc.sha256) {
      this.logger.error({ msg: 'archived PDF does not match its hash', documentId: doc.id });
      throw new DomainException('INTERNAL', 'Bản lưu trữ của văn bản không còn nguyên vẹn. Đề nghị báo ngay cho quản trị viên.');
    }
    await this.ds.getRepository(DocumentAccessLog).insert({ documentId: doc.id, userId: user.id, action: viaReport ? 'read-pdf-report' : 'read-pdf' });
    return { pdf, doc };
  }

  async list(user: AuthUser, query: unknown, opts: { incoming?: boolean } = {}) {
    const q = parseInput(ListDocumentsSchema, query);
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const where: string[] = [];
    if (opts.incoming) where.push(`d.recipients @> ${p(JSON.stringify([{ orgUnitId: user.orgUnitId }]))}::jsonb`);
    else if (!hasRole(user, 'admin')) {
      const units = [user.orgUnitId, ...(await this.org.descendantIds(user.orgUnitId))];
      where.push(`(d.org_unit_id = ANY(${p(units)}::uuid[]) OR d.recipients @> ${p(JSON.stringify([{ orgUnitId: user.orgUnitId }]))}::jsonb)`);
    }
    if (q.year) where.push(`d.year = ${p(Number(q.year))}`);
    if (q.orgUnitId) where.push(`d.org_unit_id = ${p(q.orgUnitId)}`);
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      where.push(`(d.title ILIKE ${p(like)} OR d.number_text ILIKE ${p(like)} OR d.issuer->>'name' ILIKE ${p(like)})`);
    }
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM issued_document d ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY issued_at DESC LIMIT 500`,
      params,
    );
    const docs = rows.length ? await this.ds.getRepository(IssuedDocument).find({ where: rows.map((r) => ({ id: r.id })), order: { issuedAt: 'DESC' } }) : [];
    return docs.map(documentView);
  }

  /** Whether a file is an archived original: compares its SHA-256 with the archive. */
  async verify(user: AuthUser, pdf: Buffer) {
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    let signatures: ReturnType<typeof verifyPdfSignatures> = [];
    try {
      signatures = verifyPdfSignatures(pdf, await trustedRoots(this.ds.manager));
    } catch {
      signatures = [];
    }
    const verdict = pdfSignatureVerdict(signatures);
    const signatureReport = {
      signatures: signatures.map((s) => ({
        fieldName: s.fieldName,
        signerName: s.signerName,
        signerOrganization: s.signerOrganization,
        certificateChain: s.certificateChain,
        trusted: s.trusted,
        signingTime: s.signingTime,
        intact: s.intact,
        coversWholeDocument: s.coversWholeDocument,
        valid: s.valid,
      })),
      signatureStatus: verdict.status,
      signatureMessage: verdict.message,
    };
    const doc = await this.ds.getRepository(IssuedDocument).findOneBy({ sha256 });
    if (!doc) {
      return {
        archived: false,
        sha256,
        message: 'Tệp này không trùng với bản gốc nào trong kho lưu trữ (có thể đã bị sửa đổi, hoặc không phải văn bản do hệ thống phát hành).',
        ...signatureReport,
      };
    }
    await this.ds.getRepository(DocumentAccessLog).insert({ documentId: doc.id, userId: user.id, action: 'verify' });
    return {
      archived: true,
      sha256,
      message: `Tệp trùng khớp với bản gốc văn bản số ${doc.numberText} ngày ${doc.issueDate.split('-').reverse().join('/')} của ${doc.issuer.name}.`,
      document: { id: doc.id, numberText: doc.numberText, issueDate: doc.issueDate, issuer: doc.issuer.name, title: doc.title },
      ...signatureReport,
    };
  }

  /** The person or organisation a certificate or an image is uploaded for must exist. */
  private async assertOwnerExists(ownerKind: 'user' | 'orgUnit', ownerId: string) {
    const table = ownerKind === 'user' ? 'app_user' : 'org_unit';
    if ((await this.ds.query(`SELECT 1 FROM ${table} WHERE id = $1`, [ownerId])).length === 0) {
      throw validationFailed([{ field: 'ownerId', message: ownerKind === 'user' ? 'Không có người dùng này.' : 'Không có đơn vị này.' }]);
    }
  }

  /** Admin: stores a person's or an organisation's PKCS#12 (encrypted), after checking it opens. */
  async uploadCredential(body: unknown) {
    const input = parseInput(UploadCredentialSchema, body);
    await this.assertOwnerExists(input.ownerKind, input.ownerId);
    try {
      return await storeCredential(this.ds.manager, this.cipher, input.ownerKind, input.ownerId, Buffer.from(input.p12, 'base64'), input.password);
    } catch (e) {
      if (e instanceof Pkcs12PasswordError) throw validationFailed([{ field: 'password', message: 'Mật khẩu của tệp chứng thư số không đúng.' }]);
      if (e instanceof Pkcs12FormatError) throw validationFailed([{ field: 'p12', message: 'Tệp không phải là chứng thư số PKCS#12 (.p12/.pfx) hợp lệ.' }]);
      throw e;
    }
  }

  /** Admin: a person's signature image or an organisation's seal (PNG or JPEG, at most 500 KB). */
  async uploadImage(body: unknown) {
    const input = parseInput(UploadImageSchema, body);
    await this.assertOwnerExists(input.ownerKind, input.ownerId);
    const data = Buffer.from(input.image, 'base64');
    const mimeType = imageType(data);
    if (!mimeType) throw validationFailed([{ field: 'image', message: 'Ảnh chữ ký, con dấu phải là tệp PNG hoặc JPEG.' }]);
    if (data.length > 500 * 1024) throw validationFailed([{ field: 'image', message: 'Ảnh quá lớn (tối đa 500 KB).' }]);
    await this.ds.getRepository(SigningImage).insert({ ownerKind: input.ownerKind, ownerId: input.ownerId, mimeType, data });
    return { ownerKind: input.ownerKind, ownerId: input.ownerId, mimeType, size: data.length };
  }

  /** Admin: the stored certificates (never the keys). */
  async listCredentials() {
    const rows = await this.ds.getRepository(SigningCredential).find({ order: { createdAt: 'DESC' } });
    return rows.map((r) => ({ id: r.id, ownerKind: r.ownerKind, ownerId: r.ownerId, subject: r.subject, notAfter: r.notAfter, createdAt: r.createdAt }));
  }

  /** The documents of a unit and year in issue order (Sổ đăng ký văn bản đi). */
  async registerEntries(user: AuthUser, orgUnitId: string, year: number) {
    requireUuid(orgUnitId, 'Không tìm thấy đơn vị.');
    const unit = await this.ds.getRepository(OrgUnit).findOneBy({ id: orgUnitId });
    if (!unit) throw notFound('Không tìm thấy đơn vị.');
    if (!hasRole(user, 'admin') && unit.id !== user.orgUnitId && !(await this.org.ancestorIds(unit.id)).includes(user.orgUnitId)) {
      throw notFound('Không tìm thấy đơn vị, hoặc bạn không có quyền xem sổ văn bản của đơn vị này.');
    }
    const docs = await this.ds.getRepository(IssuedDocument).find({ where: { orgUnitId, year }, order: { number: 'ASC' } });
    return { unit, year, docs };
  }
}
