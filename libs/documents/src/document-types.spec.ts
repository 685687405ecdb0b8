import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '@app/common';
import { buildDocumentModel } from './document-builder';
import { citationSentence, startingOutline, subjectOf } from './document-outlines';
import { documentTitle, renderMainHtml } from './document-templates';
import {
  DOCUMENT_TYPES,
  DOCUMENT_TYPE_CODES,
  PERIOD_REPORT_TYPE,
  REQUEST_TYPE_CODES,
  documentSymbol,
  documentType,
  isDocumentType,
} from './document-types';

const issuer = {
  governingBody: 'Ủy ban nhân dân tỉnh Lạng Sơn',
  name: 'Sở Y tế tỉnh Lạng Sơn',
  abbreviation: 'SYT',
  placeName: 'Lạng Sơn',
  filingUnit: 'DSTE',
};
const signature = {
  authority: 'KT.',
  headTitle: 'Giám đốc',
  positionTitle: 'Phó Giám đốc',
  signerName: 'Nông Văn Bình',
};

/** Visible text of a page (tags dropped, spaces collapsed). */
const text = (html: string) =>
  html
    .replace(/^[\s\S]*<body[^>]*>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('the document type registry', () => {
  it('lists BC, KH and CV, each with a template file that exists', () => {
    expect(DOCUMENT_TYPE_CODES).toEqual(['BC', 'KH', 'CV']);
    for (const code of DOCUMENT_TYPE_CODES) {
      const def = documentType(code);
      expect(def.code).toBe(code);
      expect(fs.existsSync(path.join(projectRoot(), 'templates', `${def.template}.hbs`))).toBe(
        true,
      );
    }
    expect(PERIOD_REPORT_TYPE).toBe('BC');
    expect(REQUEST_TYPE_CODES).toEqual(['KH', 'CV']);
    expect(DOCUMENT_TYPES.CV.name).toBe('Công văn');
  });

  it('refuses a code it does not know', () => {
    expect(isDocumentType('QĐ')).toBe(false);
    expect(isDocumentType('toString')).toBe(false);
    expect(() => documentType('QĐ')).toThrow(RangeError);
  });

  it('makes the symbols of Phụ lục III: type and organisation, or organisation and office for a công văn', () => {
    expect(documentSymbol('BC', 'UBND')).toBe('BC-UBND');
    expect(documentSymbol('KH', 'UBND', 'VHXH')).toBe('KH-UBND');
    expect(documentSymbol('CV', 'UBND', 'VX')).toBe('UBND-VX');
    expect(documentSymbol('CV', 'UBND', '  ')).toBe('UBND');
    expect(documentSymbol('CV', 'UBND', null)).toBe('UBND');
  });
});

describe('starting outlines', () => {
  const ctx = { year: 2026, halfYear: false, unitName: 'Ủy ban nhân dân phường Lương Văn Tri' };
  const citation = {
    docType: 'CV',
    numberText: '03/SYT-DSTE',
    issueDate: '2026-12-02',
    issuerName: 'Sở Y tế tỉnh Lạng Sơn',
    subject: 'V/v Báo cáo kết quả hỗ trợ trẻ em mùa đông',
  };

  it('starts a period report with the annual outline, and an answer with the letter it cites', () => {
    expect(startingOutline('BC', ctx)).toMatch(/^I\. ĐẶC ĐIỂM TÌNH HÌNH/);
    expect(startingOutline('BC', ctx)).toContain('KẾ HOẠCH NĂM 2027');
    const answer = startingOutline('BC', { ...ctx, answering: citation });
    expect(answer.split('\n')[0]).toBe(
      'Thực hiện Công văn số 03/SYT-DSTE ngày 02/12/2026 của Sở Y tế tỉnh Lạng Sơn về việc báo cáo kết quả hỗ trợ trẻ em mùa đông, Ủy ban nhân dân phường Lương Văn Tri báo cáo như sau:',
    );
    expect(citationSentence({ ...citation, docType: 'KH', subject: 'UBND tỉnh' })).toBe(
      'Thực hiện Kế hoạch số 03/SYT-DSTE ngày 02/12/2026 của Sở Y tế tỉnh Lạng Sơn về việc UBND tỉnh',
    );
  });

  it('starts a letter with what it asks, of whom and by when; a plan with its sections', () => {
    const request = { deadline: '2026-12-16', forms: ['YC1/TE'], unitNames: ['A', 'B'] };
    const letter = startingOutline('CV', { ...ctx, request });
    expect(letter).toContain('đề nghị các đơn vị báo cáo');
    expect(letter).toContain('(Mẫu số YC1/TE)');
    expect(letter).toContain('trước ngày 16/12/2026');
    const plan = startingOutline('KH', { ...ctx, request });
    expect(plan).toMatch(/^I\. MỤC ĐÍCH, YÊU CẦU/);
    expect(plan).toContain('trước ngày 16/12/2026');
    expect(startingOutline('KH', ctx)).not.toContain('trước ngày');
  });

  it('reads the subject after a typed "V/v"', () => {
    expect(subjectOf('V/v  báo cáo\n tình hình')).toBe('báo cáo tình hình');
    expect(subjectOf('Báo cáo')).toBe('Báo cáo');
  });
});

describe('a công văn as printed', () => {
  const letter = (recipients: { name: string }[], issued = true) =>
    buildDocumentModel({
      docType: 'CV',
      issuer,
      title: 'Báo cáo kết quả hỗ trợ trẻ em mùa đông',
      narrative: 'Sở Y tế đề nghị các đơn vị báo cáo.\n\nTrân trọng./.',
      recipients,
      signature,
      forms: [],
      issue: issued
        ? { draft: false, numberText: '03/SYT-DSTE', issueDate: '2026-12-02' }
        : { draft: true, numberText: null, issueDate: null },
    });
  const wards = [
    { name: 'Ủy ban nhân dân phường Lương Văn Tri' },
    { name: 'Ủy ban nhân dân phường Kỳ Lừa' },
  ];

  it('addresses the recipients in Kính gửi and says "Như trên" under Nơi nhận', () => {
    const m = letter(wards);
    expect(m.symbol).toBe('SYT-DSTE');
    expect(m.kinhGui).toEqual(wards.map((w) => w.name));
    expect(m.recipients).toEqual([{ name: 'Như trên' }]);
    const t = text(renderMainHtml(m));
    expect(t).toContain('Số: 03/SYT-DSTE V/v Báo cáo kết quả hỗ trợ trẻ em mùa đông');
    expect(t).toContain(
      'Kính gửi: - Ủy ban nhân dân phường Lương Văn Tri; - Ủy ban nhân dân phường Kỳ Lừa.',
    );
    expect(t).toContain('Nơi nhận: - Như trên; - Lưu: VT, DSTE.');
    // No title block: neither a type name nor the trích yếu as a heading.
    expect(t).not.toMatch(/CÔNG VĂN|BÁO CÁO/);
    expect(renderMainHtml(m)).not.toContain('class="title-block"');
  });

  it('prints one addressee on the Kính gửi line, and a draft without a number', () => {
    const t = text(renderMainHtml(letter(wards.slice(0, 1), false)));
    expect(t).toContain('Kính gửi: Ủy ban nhân dân phường Lương Văn Tri');
    expect(t).toMatch(/Số: \/SYT-DSTE V\/v/);
    expect(t).toContain('DỰ THẢO');
  });

  it('titles the PDF "Công văn số …"', () => {
    expect(documentTitle(letter(wards))).toBe(
      'Công văn số 03/SYT-DSTE: Báo cáo kết quả hỗ trợ trẻ em mùa đông',
    );
    expect(documentTitle(letter(wards, false))).toMatch(/^Dự thảo công văn: /);
  });
});
