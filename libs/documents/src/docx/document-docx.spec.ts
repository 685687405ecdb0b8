import { strToU8, zipSync } from 'fflate';
import { documentXml, editParagraph, stylesXml } from '@test/support/docx';
import { sampleDocument } from '@test/support/sample-document';
import { narrativeBlocks } from '../narrative-markdown';
import { documentDocx } from './document-docx';
import { DOCX_LIMITS, NotADocxError, readDocxBody } from './docx-reader';
import { narrativeFromDocx } from './narrative-import';
import { mergeNarrative } from './narrative-merge';

const NARRATIVE = [
  'I. ĐẶC ĐIỂM TÌNH HÌNH',
  '1. Tình hình chung',
  'Xã có 2.104 trẻ em,\nsống ở 12 thôn.',
  'a) Trẻ em có hoàn cảnh đặc biệt',
  '- Trẻ em mồ côi: **37** em;\n+ trong đó _12_ em dưới 6 tuổi.',
  'Câu có chú thích[1] và **đậm**, *nghiêng*, **_cả hai_**, H₂O.',
  '| Chỉ tiêu | Số |\n|---|---|\n| Trẻ em | 2.104 |',
  '# 2. Một đề mục rất dài nhưng vẫn là đề mục vì được đánh dấu.',
  '[1]: Theo số liệu của Công an xã.',
].join('\n\n');

const model = sampleDocument({ narrative: NARRATIVE });

describe('documentDocx', () => {
  it('lays out the header, title, narrative, Nơi nhận, signer and annexes', async () => {
    const docx = await documentDocx(model, { madeAt: new Date() });
    const xml = documentXml(docx);
    for (const s of [
      'ỦY BAN NHÂN DÂN',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 05/BC-UBND',
      'BÁO CÁO',
      'Nơi nhận:',
      'Hoàng Quốc Thành',
      'Mẫu số 01/TE',
    ])
      expect(xml.includes(s) ? s : `missing: ${s}`).toBe(s);
    expect(stylesXml(docx)).toContain('Times New Roman');
    // A4, margins 20/20/30/15 mm, a landscape section for the wide annex.
    expect(xml).toMatch(/<w:pgSz w:w="11905" w:h="16837"/);
    expect(xml).toMatch(/<w:pgSz w:w="16837" w:h="11905" w:orient="landscape"/);
    expect(xml).toMatch(/<w:pgMar w:top="1133" w:right="850" w:bottom="1133" w:left="1700"/);
  });

  it('prints a công văn as the decree lays it out: V/v under the number, Kính gửi, no title block', async () => {
    const letter = sampleDocument({
      narrative: 'Đề nghị các phường báo cáo kết quả.',
      docType: 'CV',
      title: 'báo cáo công tác trẻ em',
      kinhGui: ['Ủy ban nhân dân phường Kỳ Lừa', 'Ủy ban nhân dân phường Lương Văn Tri'],
    });
    const docx = await documentDocx(letter, { madeAt: new Date() });
    const xml = documentXml(docx);
    expect(xml).toContain('V/v báo cáo công tác trẻ em');
    expect(xml).toContain('Kính gửi:');
    expect(xml).not.toContain('CÔNG VĂN');
    expect(xml).not.toContain('BÁO CÁO<');
    expect(narrativeFromDocx(readDocxBody(docx)).pieces).toEqual([
      'Đề nghị các phường báo cáo kết quả.',
    ]);
  });

  it('reads back exactly the narrative it wrote', async () => {
    const docx = await documentDocx(model, { madeAt: new Date() });
    const imported = narrativeFromDocx(readDocxBody(docx));
    const merged = mergeNarrative(NARRATIVE, imported);
    expect(merged.changes).toEqual([]);
    expect(merged.narrative).toBe(NARRATIVE);
  });

  it('an edited paragraph changes that paragraph only, the others keep their source', async () => {
    const docx = editParagraph(
      await documentDocx(model, { madeAt: new Date() }),
      'sống ở 12 thôn',
      'Xã có 2.110 trẻ em, sống ở 13 thôn.',
    );
    const merged = mergeNarrative(NARRATIVE, narrativeFromDocx(readDocxBody(docx)));
    expect(merged.changes).toEqual([
      {
        kind: 'changed',
        position: 3,
        before: 'Xã có 2.104 trẻ em, sống ở 12 thôn.',
        after: 'Xã có 2.110 trẻ em, sống ở 13 thôn.',
      },
    ]);
    expect(merged.narrative).toBe(
      NARRATIVE.replace(
        'Xã có 2.104 trẻ em,\nsống ở 12 thôn.',
        'Xã có 2.110 trẻ em, sống ở 13 thôn.',
      ),
    );
    const before = narrativeBlocks(NARRATIVE);
    const after = narrativeBlocks(merged.narrative);
    expect(after.filter((b, i) => b !== before[i])).toHaveLength(1);
  });

  it('refuses what is not a bounded Word document', () => {
    expect(() => readDocxBody(Buffer.from('not a zip'))).toThrow(NotADocxError);
    // A zip bomb: document.xml inflating past the limit, with a small declared size.
    const big = new Uint8Array(DOCX_LIMITS.documentXml + 1024).fill(0x20);
    const bomb = Buffer.from(zipSync({ 'word/document.xml': [big, { level: 9 }] }));
    expect(bomb.length).toBeLessThan(200_000);
    expect(() => readDocxBody(bomb)).toThrow(/quá lớn/);
    // XML with entity expansion is not expanded (no DTD support): refused as corrupt.
    const xml = strToU8(
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><w:document><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>',
    );
    const withDtd = Buffer.from(zipSync({ 'word/document.xml': xml }));
    expect(() => readDocxBody(withDtd)).toThrow(NotADocxError);
  });

  it("reads Word's own edits: bullets, headings, tracked deletions left out, the rest of the file ignored", () => {
    const p = (style: string, inner: string, extra = '') =>
      `<w:p><w:pPr><w:pStyle w:val="${style}"/>${extra}</w:pPr>${inner}</w:p>`;
    const r = (text: string, props = '') =>
      `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
    const body = [
      '<w:tbl><w:tr><w:tc><w:p>' + r('ỦY BAN NHÂN DÂN') + '</w:p></w:tc></w:tr></w:tbl>',
      p('NdTitle', r('BÁO CÁO')),
      p('Heading1', r('I. MỤC MỘT')),
      p(
        'NdBody',
        r('Giữ ') +
          '<w:del><w:r><w:delText>bỏ </w:delText></w:r></w:del>' +
          '<w:ins>' +
          r('thêm', '<w:b/>') +
          '</w:ins>' +
          r(' nữa.'),
      ),
      p(
        'ListParagraph',
        r('một mục của Word'),
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>',
      ),
      p('NdBody', r('tắt đậm', '<w:b w:val="0"/><w:i/>')),
      '<w:tbl><w:tr><w:tc><w:p>' + r('Nơi nhận:') + '</w:p></w:tc></w:tr></w:tbl>',
      p('NdBody', r('Sau khối ký: không đọc.')),
    ].join('');
    const xml = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
    const docx = Buffer.from(zipSync({ 'word/document.xml': strToU8(xml) }));
    const imported = narrativeFromDocx(readDocxBody(docx));
    expect(imported).toEqual({
      pieces: ['I. MỤC MỘT', 'Giữ **thêm** nữa.', '- một mục của Word', '*tắt đậm*'],
      notes: [],
    });
  });

  it("refuses a document.xml over its inflated size, and one without the narrative's landmarks", () => {
    const many = strToU8(
      `<w:document><w:body>${'<w:bookmarkEnd w:id="1"/>'.repeat(DOCX_LIMITS.documentXml / 24 + 10)}</w:body></w:document>`,
    );
    expect(() => readDocxBody(Buffer.from(zipSync({ 'word/document.xml': many })))).toThrow(
      /quá lớn/,
    );
    const plain = strToU8(
      '<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>',
    );
    expect(() =>
      narrativeFromDocx(readDocxBody(Buffer.from(zipSync({ 'word/document.xml': plain })))),
    ).toThrow(/Không tìm thấy phần nội dung/);
  });

  it('compares long narratives in bounded time: every block changed is listed', () => {
    const old = Array.from({ length: 5000 }, (_, i) => `Đoạn cũ số ${i}.`).join('\n\n');
    const pieces = Array.from({ length: 5000 }, (_, i) => `Đoạn mới số ${i}.`);
    const started = Date.now();
    const merged = mergeNarrative(old, { pieces, notes: [] });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(merged.changes).toHaveLength(5000);
    expect(merged.changes[0]).toEqual({
      kind: 'changed',
      position: 1,
      before: 'Đoạn cũ số 0.',
      after: 'Đoạn mới số 0.',
    });
    expect(merged.narrative).toBe(pieces.join('\n\n'));
  });
});
