import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { WorkflowService } from '@app/approval';
import { ArchiveService, RegisterService, VerificationService } from '@app/archive';
import { UsersRepository } from '@app/auth';
import { OrgRepository } from '@app/org';
import { PeriodsService, RecipientInput, ReportsService } from '@app/reports';
import { pdfText } from '../support/pdf';
import { startMediumApp, MediumApp } from '../support/medium-app';

/** The archive of issued originals against real PostgreSQL: reads, who may read, verification, the register. */
describe(ArchiveService.name, () => {
  let m: MediumApp;
  let archive: ArchiveService;
  const unit: Record<string, string> = {};
  let periods = 0;

  beforeAll(async () => {
    m = await startMediumApp();
    archive = m.get(ArchiveService);
    const org = m.get(OrgRepository);
    for (const code of ['HD', 'MP', 'QL', 'TPLS', 'LS'])
      unit[code] = (await org.findByCode(code))!.id;
    // A unit outside the demo tree, with an officer: related to no document of it.
    const other = await org.insert(m.ds.manager, {
      code: 'CB',
      name: 'Sở Lao động - Thương binh và Xã hội tỉnh Cao Bằng',
      level: 'province',
      parentId: null,
      governingBody: 'Ủy ban nhân dân tỉnh Cao Bằng',
      abbreviation: 'LĐTBXH',
      placeName: 'Cao Bằng',
      filingUnit: null,
      validFrom: '2000-01-01',
      validTo: null,
      successorId: null,
    });
    await m.get(UsersRepository).insertMany(m.ds.manager, [
      {
        username: 'caobang.officer',
        passwordHash: 'x',
        fullName: 'Người ngoài',
        orgUnitId: other,
        roles: ['officer'],
        positionTitle: null,
        signAuthority: null,
        signHeadTitle: null,
        active: true,
      },
    ]);
  });
  afterAll(() => m.close());

  /** A commune's BC in a period of its own, requested, signed and submitted (issued); the submitted view. */
  const issue = async (commune: string, recipients: RecipientInput[] = []) => {
    const n = ++periods;
    const period = await m.get(PeriodsService).create({
      code: `ARCH-${n}`,
      label: `Kỳ thử lưu trữ ${n}`,
      year: 2024,
      cutoffFrom: '2023-12-15',
      cutoffTo: '2024-06-14',
      forms: ['01/TE', '02/TE', '03/TE'],
      deadlines: [{ level: 'commune', date: '2024-05-05' }],
    });
    const reports = m.get(ReportsService);
    const workflow = m.get(WorkflowService);
    const officer = await m.user(`${commune}.officer`);
    const draft = await reports.create(officer, {
      periodId: period.id,
      type: 'BC',
      title: `Báo cáo thử lưu trữ ${n}`,
    });
    const filled = await reports.patch(officer, draft.id, {
      version: draft.version,
      recipients,
      data: { '01/TE': { POP: { y2024: 8000 }, 'I.1': { y2024: 2050 } } },
    });
    const asked = await workflow.fire(officer, draft.id, {
      type: 'REQUEST_SIGNATURE',
      version: filled.version,
    });
    const head = await m.user(`${commune}.head`);
    const signed = await workflow.fire(head, draft.id, { type: 'SIGN', version: asked.version });
    const clerk = await m.user(`${commune}.clerk`);
    const out = await workflow.fire(clerk, draft.id, { type: 'SUBMIT', version: signed.version });
    expect(out).toMatchObject({ state: 'submitted', documentId: expect.any(String) });
    return out as typeof out & { documentId: string; number: string };
  };

  const accessLog = (documentId: string): Promise<{ user_id: string; action: string }[]> =>
    m.ds.query(
      `SELECT user_id, action FROM document_access_log WHERE document_id = $1 ORDER BY id`,
      [documentId],
    );

  it('gives back the archived bytes whose SHA-256 is the stored one, and logs the read', async () => {
    const issued = await issue('hoangdong');
    const reader = await m.user('tpls.officer');
    const before = await accessLog(issued.documentId);
    const { pdf, doc } = await archive.readPdf(reader, issued.documentId);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [row] = await m.ds.query(`SELECT sha256, pdf_size FROM issued_document WHERE id = $1`, [
      issued.documentId,
    ]);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(row.sha256);
    expect(doc).toMatchObject({ id: issued.documentId, sha256: row.sha256, pdfSize: pdf.length });
    expect(row.pdf_size).toBe(pdf.length);
    expect(await accessLog(issued.documentId)).toEqual([
      ...before,
      { user_id: reader.id, action: 'read-pdf' },
    ]);
  });

  it('lets the issuer unit, its upper units, recipients and admin read a document; others get 404', async () => {
    const issued = await issue('hoangdong', [{ orgUnitId: unit.QL }]);
    const id = issued.documentId;
    const readers = ['hoangdong.officer', 'hoangdong.clerk', 'tpls.officer', 'sols.head', 'admin'];
    for (const name of readers) {
      const user = await m.user(name);
      expect((await archive.get(user, id)).id).toBe(id);
      expect((await archive.list(user, {})).map((d) => d.id)).toContain(id);
    }
    for (const name of ['maipha.officer', 'caobang.officer']) {
      const user = await m.user(name);
      await expect(archive.get(user, id)).rejects.toMatchObject({
        status: 404,
        code: 'DOCUMENT_NOT_FOUND',
      });
      await expect(archive.readPdf(user, id)).rejects.toMatchObject({ status: 404 });
      expect(await archive.canRead(user, await archive.get(await m.user('admin'), id))).toBe(false);
      expect((await archive.list(user, {})).map((d) => d.id)).not.toContain(id);
      expect((await archive.list(user, {}, { incoming: true })).map((d) => d.id)).not.toContain(id);
    }
    // Quảng Lạc is named among the recipients: the document is in its incoming list.
    const recipient = await m.user('quanglac.clerk');
    expect((await archive.get(recipient, id)).recipients).toEqual([
      { orgUnitId: unit.QL, name: 'Ủy ban nhân dân xã Quảng Lạc' },
    ]);
    const incoming = await archive.list(recipient, {}, { incoming: true });
    expect(incoming.filter((d) => d.id === id)).toEqual([
      expect.objectContaining({ numberText: issued.number, orgUnitId: unit.HD }),
    ]);
    await expect(archive.get(recipient, 'not-a-uuid')).rejects.toMatchObject({
      status: 404,
      code: 'DOCUMENT_NOT_FOUND',
    });
  });

  it('keeps the stored original unchangeable: the database refuses UPDATE and DELETE', async () => {
    const issued = await issue('maipha');
    const id = issued.documentId;
    const [before] = await m.ds.query(`SELECT title, sha256 FROM issued_document WHERE id = $1`, [
      id,
    ]);
    await expect(
      m.ds.query(`UPDATE issued_document SET title = 'Đã sửa' WHERE id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      m.ds.query(`UPDATE issued_document SET pdf = 'x'::bytea WHERE id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(m.ds.query(`DELETE FROM issued_document WHERE id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    expect(
      await m.ds.query(`SELECT title, sha256 FROM issued_document WHERE id = $1`, [id]),
    ).toEqual([before]);
  });

  // Quảng Lạc issues in approval mode: the organisation's signature alone, over the whole file.
  it('verifies the archived bytes as archived with the signature valid; one changed byte is neither', async () => {
    const issued = await issue('quanglac');
    const user = await m.user('maipha.officer');
    const { pdf } = await archive.readPdf(await m.user('quanglac.officer'), issued.documentId);
    const verification = m.get(VerificationService);
    const ok = await verification.verify(user, pdf);
    expect(ok).toMatchObject({
      archived: true,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      document: { id: issued.documentId, numberText: issued.number },
      signatureStatus: 'valid',
    });
    expect(ok.signatures.map((s) => [s.fieldName, s.valid, s.intact, s.trusted])).toEqual([
      ['ChuKyCoQuan', true, true, true],
    ]);
    expect((await accessLog(issued.documentId)).at(-1)).toEqual({
      user_id: user.id,
      action: 'verify',
    });

    const tampered = Buffer.from(pdf);
    tampered[tampered.indexOf('stream', 0, 'latin1') + 40] ^= 0x20;
    const bad = await verification.verify(user, tampered);
    expect(bad.archived).toBe(false);
    expect(bad).not.toHaveProperty('document');
    expect(bad.signatureStatus).not.toBe('valid');
    expect(bad.signatures.some((s) => s.valid)).toBe(false);
  });

  it('lists a unit’s outgoing register of the year in number order, to the unit and its upper units only', async () => {
    const first = await issue('maipha');
    const second = await issue('maipha');
    const register = m.get(RegisterService);
    const year = Number(
      (await archive.get(await m.user('admin'), first.documentId)).issueDate.slice(0, 4),
    );
    for (const name of ['maipha.clerk', 'tpls.officer', 'admin']) {
      const { unit: u, entries } = await register.entries(await m.user(name), unit.MP, year);
      expect(u.code).toBe('MP');
      const numbers = entries.map((e) => Number(e.numberText.split('/')[0]));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(new Set(numbers).size).toBe(numbers.length);
      const mine = entries.filter((e) => [first.number, second.number].includes(e.numberText));
      expect(mine.map((e) => e.numberText)).toEqual([first.number, second.number]);
      expect(mine[0]).toMatchObject({ docType: 'BC', signerName: 'Hoàng Văn Nam' });
    }
    await expect(
      register.entries(await m.user('hoangdong.officer'), unit.MP, year),
    ).rejects.toMatchObject({ status: 404, code: 'REGISTER_NOT_FOUND' });

    const clerk = await m.user('maipha.clerk');
    const xlsx = await register.file(clerk, unit.MP, year, 'xlsx');
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(xlsx.fileName).toBe(`so-van-ban-di-MP-${year}.xlsx`);
    const pdf = await register.file(clerk, unit.MP, year, 'pdf');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf.bytes).replace(/[\s\u00a0]+/g, ' ');
    expect(text).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐI');
    expect(text).toContain(first.number);
    expect(text).toContain(second.number);
  });

  it('refuses to serve an archived row whose bytes no longer match its hash (ARCHIVE_CORRUPTED), logging no read', async () => {
    const issued = await issue('quanglac');
    // The row cannot be changed, but the archive takes new rows: store a copy whose bytes are
    // damaged (one byte flipped) under the original's hash, in a year no register shows.
    const [copy] = await m.ds.query(
      `INSERT INTO issued_document (report_id, org_unit_id, year, series, number, symbol, number_text,
         doc_type, issued_at, issue_date, issuer, title, signer, recipients, issued_by, pdf, sha256, pdf_size)
       SELECT report_id, org_unit_id, 1900, series, number, symbol, number_text, doc_type, issued_at,
         issue_date, issuer, title, signer, recipients, issued_by,
         set_byte(pdf, 1000, get_byte(pdf, 1000) # 1), sha256, pdf_size
       FROM issued_document WHERE id = $1 RETURNING id`,
      [issued.documentId],
    );
    const reader = await m.user('quanglac.officer');
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await expect(archive.readPdf(reader, copy.id)).rejects.toMatchObject({
        status: 500,
        code: 'ARCHIVE_CORRUPTED',
      });
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ documentId: copy.id }));
    } finally {
      logged.mockRestore();
    }
    expect(await accessLog(copy.id)).toEqual([]);
    // The intact original still reads.
    expect((await archive.readPdf(reader, issued.documentId)).doc.id).toBe(issued.documentId);
  });
});
