import { annexHeaderRows } from './annex-layout';
import {
  documentTitle,
  issuerLines,
  renderAnnexHtml,
  renderDocument,
  renderMainHtml,
  signatureLines,
} from './document-templates';
import { PRINT_PART_SLOTS, templateHelpers as h } from './template-helpers';
import { annexHeading } from './document-builder';
import { AnnexModel } from './document-model';
import { fontFaceCss, unicodeRanges } from './fonts';
import { sampleDocument, wideAnnex } from '@test/support/sample-document';

const XSS_SCRIPT = '<script>alert(1)</script>';
const XSS_IMG = '<img src=x onerror=alert(1)>';
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const model = sampleDocument;

/** The visible text of an HTML page: tags dropped, whitespace collapsed, the entities used here decoded. */
function text(html: string): string {
  const body = html.replace(/^[\s\S]*<body[^>]*>/, '').replace(/<\/body>[\s\S]*$/, '');
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** No element or attribute that a typed string could have smuggled in. */
function expectNoInjectedMarkup(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img[^>]*onerror/i);
  expect(html).not.toMatch(/<img src=x/i);
}

describe('templateHelpers', () => {
  it('upper: Vietnamese capitals, diacritics kept', () => {
    expect(h.upper('Ủy ban nhân dân xã Hoàng Đồng')).toBe('ỦY BAN NHÂN DÂN XÃ HOÀNG ĐỒNG');
    expect(h.upper('phó chủ tịch')).toBe('PHÓ CHỦ TỊCH');
    // Decomposed input (combining marks) comes out composed.
    expect(h.upper('đồng'.normalize('NFD'))).toBe('ĐỒNG');
    expect(h.upper(null)).toBe('');
  });

  it('dateLine and dateWords: the decree date format', () => {
    expect(h.dateLine('Hoàng Đồng', '2024-02-05')).toBe('Hoàng Đồng, ngày 05 tháng 02 năm 2024');
    expect(h.dateWords('2024-06-12')).toBe('ngày 12 tháng 6 năm 2024');
  });

  it('narrative: a SafeString of escaped HTML', () => {
    const out = h.narrative(`I. MỤC\n\n${XSS_SCRIPT}`);
    expect(out.toHTML()).toBe(
      '<h2 class="sec">I. MỤC</h2>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(h.narrative(undefined).toHTML()).toBe('');
  });

  it('eq, inc, join', () => {
    expect(h.eq('BC', 'BC')).toBe(true);
    expect(h.eq(1, '1')).toBe(false);
    expect(h.inc(0)).toBe(1);
    expect(h.inc('4')).toBe(5);
    expect(h.join(['a', 'b'], '; ')).toBe('a; b');
    // Called from a template with no separator, the last argument is Handlebars' options object.
    expect(h.join(['a', 'b'], { hash: {}, data: {} })).toBe('a, b');
    expect(h.join('not a list')).toBe('');
  });

  it('lines: a note split into its non-blank lines', () => {
    expect(h.lines('Kỳ báo cáo: 2 lần/năm\r\n\nNgày báo cáo: trước 25/5')).toEqual([
      'Kỳ báo cáo: 2 lần/năm',
      'Ngày báo cáo: trước 25/5',
    ]);
    expect(h.lines(undefined)).toEqual([]);
  });

  it('dataImage: only data: URLs of raster images', () => {
    expect(h.dataImage(PNG)).toBe(PNG);
    expect(h.dataImage('data:image/jpeg;base64,/9j/4AAQ')).toBe('data:image/jpeg;base64,/9j/4AAQ');
    for (const bad of [
      'https://evil.example/sig.png',
      'http://10.0.0.1/x.png',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:text/html;base64,PHNjcmlwdD4=',
      'data:image/png;base64,AAA" onerror="alert(1)',
      null,
      undefined,
    ]) {
      expect(h.dataImage(bad)).toBe('');
    }
  });

  it('fontCss: the embedded Tinos faces, no outside URL', () => {
    const css = h.fontCss().toHTML();
    expect(css).toBe(fontFaceCss());
    expect(css.match(/@font-face/g)).toHaveLength(8);
    expect(css).not.toContain("font-family: 'Tinos'");
    for (const subset of ['latin', 'vietnamese']) {
      for (const face of ['400-normal', '400-italic', '700-normal', '700-italic'])
        expect(css).toContain(`/* tinos-${subset}-${face} */`);
    }
    const urls = css.match(/url\([^)]*\)/g) ?? [];
    expect(urls).toHaveLength(8);
    for (const u of urls)
      expect(u).toMatch(/^url\(data:font\/woff2;base64,[A-Za-z0-9+/]+={0,2}\)$/);
    // The Vietnamese subset keeps the package's unicode-range (Ạ … ỹ, ₫).
    expect(css).toMatch(/tinos-vietnamese-700-italic \*\/[^}]*unicode-range: [^;]*U\+1EA0-1EF9/);
    expect(fontFaceCss()).toBe(css); // cached
  });
});

describe(unicodeRanges.name, () => {
  it('reads the range of each commented face and ignores anything that is not a range', () => {
    const css =
      `/* a-400-normal */\n@font-face { font-family: 'X'; unicode-range: U+0000-00FF,U+0131; }\n` +
      `/* b-400-normal */\n@font-face { unicode-range: U+0000, url(x) }\n/* c */ @font-face { src: url(x) }`;
    expect(unicodeRanges(css)).toEqual(new Map([['a-400-normal', 'U+0000-00FF,U+0131']]));
  });
});

describe(issuerLines.name, () => {
  it('splits a people’s committee name after "Ủy ban nhân dân"', () => {
    expect(issuerLines('Ủy ban nhân dân xã Hoàng Đồng')).toEqual([
      'Ủy ban nhân dân',
      'xã Hoàng Đồng',
    ]);
    expect(issuerLines('ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN')).toEqual([
      'Ủy ban nhân dân',
      'THÀNH PHỐ LẠNG SƠN',
    ]);
    expect(issuerLines('Uỷ ban nhân dân huyện Hương Hóa')).toEqual([
      'Ủy ban nhân dân',
      'huyện Hương Hóa',
    ]);
  });

  it('keeps other names on one line', () => {
    expect(issuerLines('Phòng Lao động - Thương binh và Xã hội')).toEqual([
      'Phòng Lao động - Thương binh và Xã hội',
    ]);
  });
});

describe(signatureLines.name, () => {
  const sig = { signerName: null, signatureImage: null, sealImage: null };
  it('KT.: authority + head, then the position', () => {
    expect(
      signatureLines({
        ...sig,
        authority: 'KT.',
        headTitle: 'CHỦ TỊCH',
        positionTitle: 'PHÓ CHỦ TỊCH',
      }),
    ).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
  });
  it('TM.: on behalf of the collective, then the position', () => {
    expect(
      signatureLines({
        ...sig,
        authority: 'TM.',
        headTitle: 'ỦY BAN NHÂN DÂN',
        positionTitle: 'CHỦ TỊCH',
      }),
    ).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']);
  });
  it('the position is not repeated when it is the head title', () => {
    expect(
      signatureLines({ ...sig, authority: null, headTitle: 'CHỦ TỊCH', positionTitle: 'Chủ tịch' }),
    ).toEqual(['CHỦ TỊCH']);
    expect(
      signatureLines({ ...sig, authority: null, headTitle: null, positionTitle: 'TRƯỞNG PHÒNG' }),
    ).toEqual(['TRƯỞNG PHÒNG']);
  });
});

describe(renderMainHtml.name, () => {
  it('renders an issued report: header, number, date, title, narrative, closing', () => {
    const html = renderMainHtml(model());
    const t = text(html);
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="vi">/);
    expect(t).toContain('ỦY BAN NHÂN DÂN XÃ HOÀNG ĐỒNG');
    expect(html).toMatch(/>ỦY BAN NHÂN DÂN<\/div>\s*<div[^>]*>XÃ HOÀNG ĐỒNG</);
    expect(t).toContain('Số: 05/BC-UBND');
    expect(t).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(t).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(t).toContain('Hoàng Đồng, ngày 05 tháng 02 năm 2024');
    expect(t).toMatch(/BÁO CÁO Kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2024/);
    expect(html).toContain('<h2 class="sec">I. ĐẶC ĐIỂM TÌNH HÌNH</h2>');
    expect(html).toContain('<h3 class="item">1. Tình hình chung</h3>');
    expect(html).toContain('<p class="dash">- Trẻ em có hoàn cảnh đặc biệt: 37 em;</p>');
    expect(t).toContain(
      'Nơi nhận: - Phòng Lao động - Thương binh và Xã hội thành phố; - TT Đảng ủy (b/c); - Lưu: VT, VHXH.',
    );
    expect(t).toMatch(/KT\. CHỦ TỊCH PHÓ CHỦ TỊCH Hoàng Quốc Thành$/);
    expect(t).not.toContain('DỰ THẢO');
    expect(t).not.toContain('Kính gửi');
  });

  it('has the page rules: A4 portrait, ND30 margins, page numbers from page 2, the embedded font only', () => {
    const html = renderMainHtml(model());
    expect(html).toContain('size: A4 portrait;');
    expect(html).toContain('margin: 20mm 15mm 20mm 30mm;');
    expect(html).toMatch(/@top-center \{\s*content: counter\(page\);/);
    expect(html).toMatch(/@page :first \{\s*@top-center \{ content: none; \}/);
    expect(html).toMatch(/body \{[^}]*font-family: 'TE Tinos', serif;/);
    expect(html).toContain('@font-face');
    // Nothing is loaded from outside the page.
    expect(html).not.toMatch(/(?:src|href)="(?!data:)/);
    expect(html).not.toMatch(/url\((?!data:)/);
  });

  it('renders a draft: DỰ THẢO mark, no number, blank date, no signer name', () => {
    const html = renderMainHtml(
      model({
        draft: true,
        numberText: null,
        issueDate: null,
        signature: { ...model().signature, signerName: null },
      }),
    );
    const t = text(html);
    expect(html).toContain('<span class="draft-mark">DỰ THẢO</span>');
    expect(html).toContain('Số:&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/BC-UBND');
    expect(t).toContain('Hoàng Đồng, ngày … tháng … năm …');
    expect(t).toMatch(/KT\. CHỦ TỊCH PHÓ CHỦ TỊCH$/);
    expect(html).toMatch(/<div class="signer-name"><\/div>/);
  });

  it('never shows a number or date on a draft, even if the model has them', () => {
    const t = text(renderMainHtml(model({ draft: true })));
    expect(t).not.toContain('05/BC-UBND');
    expect(t).not.toContain('ngày 05 tháng 02');
  });

  it('renders a plan as KẾ HOẠCH, with the governing body, a TM. signature and "Lưu: VT."', () => {
    const m = model({
      docType: 'KH',
      numberText: '71/KH-UBND',
      symbol: 'KH-UBND',
      issueDate: '2024-04-12',
      signature: {
        authority: 'TM.',
        headTitle: 'Ủy ban nhân dân',
        positionTitle: 'Chủ tịch',
        signerName: 'Nguyễn Văn A',
      },
    });
    m.issuer = {
      ...m.issuer,
      governingBody: 'Ủy ban nhân dân thành phố Lạng Sơn',
      name: 'Phòng Văn hóa - Xã hội',
      filingUnit: null,
    };
    const t = text(renderMainHtml(m));
    expect(t).toMatch(/^ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN PHÒNG VĂN HÓA - XÃ HỘI/);
    expect(t).toContain('KẾ HOẠCH');
    expect(t).not.toContain('BÁO CÁO');
    expect(t).toContain('Số: 71/KH-UBND');
    expect(t).toContain('Hoàng Đồng, ngày 12 tháng 4 năm 2024');
    expect(t).toContain('- Lưu: VT.');
    expect(t).toMatch(/TM\. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn A$/);
  });

  it('shows one Kính gửi on one line and several as a list', () => {
    expect(text(renderMainHtml(model({ kinhGui: ['Phòng LĐTB&XH thành phố'] })))).toContain(
      'Kính gửi: Phòng LĐTB&XH thành phố',
    );
    expect(
      text(renderMainHtml(model({ kinhGui: ['UBND thành phố;', 'Phòng LĐTB&XH'] }))),
    ).toContain('Kính gửi: - UBND thành phố; - Phòng LĐTB&XH.');
  });

  it('escapes every typed string: title, issuer, Kính gửi, recipients, narrative, signer', () => {
    const evil = `${XSS_SCRIPT} ${XSS_IMG}`;
    const m = model({
      title: evil,
      kinhGui: [evil],
      narrative: `I. ${evil}\n\n${evil}\n\n- ${evil}`,
      recipients: [{ name: evil }],
      signature: { authority: 'KT.', headTitle: evil, positionTitle: evil, signerName: evil },
    });
    m.issuer = { ...m.issuer, name: evil, placeName: evil, filingUnit: evil, governingBody: evil };
    const html = renderMainHtml(m);
    expectNoInjectedMarkup(html);
    const t = text(html);
    expect(t).toContain(`Kính gửi: ${evil}`);
    expect(t).toContain(`- ${evil};`);
    expect(t).toContain(`- Lưu: VT, ${evil}.`);
    expect(t).toContain(`${evil}, ngày 05 tháng 02 năm 2024`);
    // Nothing typed goes into the <head>: it is shared by every document the renderer prints.
    expect(html.slice(0, html.indexOf('<body'))).not.toContain('alert');
  });

  it('leaves the <head> identical for every part of every document', () => {
    const head = (html: string) => html.slice(0, html.indexOf('<body'));
    const a = renderMainHtml(model());
    const b = renderMainHtml(model({ title: 'Khác', draft: true, docType: 'KH' }));
    expect(head(b)).toBe(head(a));
    expect(head(renderAnnexHtml(model(), 0))).toBe(head(a));
    expect(head(renderAnnexHtml(model(), 1))).toBe(head(a));
  });

  it('embeds signature and seal images only from data: URLs', () => {
    const withImages = renderMainHtml(
      model({ signature: { ...model().signature, signatureImage: PNG, sealImage: PNG } }),
    );
    expect(withImages).toMatch(/<img class="signature-img" alt="" src="data:image\/png;base64,/);
    expect(withImages).toMatch(/<img class="seal-img" alt="" src="data:image\/png;base64,/);
    const remote = renderMainHtml(
      model({
        signature: {
          ...model().signature,
          signatureImage: 'https://evil.example/s.png',
          sealImage: 'javascript:alert(1)',
        },
      }),
    );
    expect(remote).not.toContain('evil.example');
    expect(remote).not.toContain('javascript:');
    expect(remote).not.toMatch(/<img/);
  });
});

describe(renderDocument.name, () => {
  it('gives the renderer one shared head that can lay out the parts together, the text, then each annex', () => {
    const doc = renderDocument(model());
    expect(doc.head?.printParts).toBe(PRINT_PART_SLOTS);
    expect(doc.head?.html).toContain(`<meta name="print-parts" content="${PRINT_PART_SLOTS}">`);
    expect(doc.head?.key).toBe(renderDocument(model({ title: 'Khác', draft: true })).head?.key);
    expect(doc.parts.map((p) => p.className)).toEqual([undefined, undefined, 'landscape']);
    expect(text(doc.parts[0].body)).toContain('Số: 05/BC-UBND');
    expect(text(doc.parts[2].body)).toMatch(/^Phụ lục II/);
    expect(doc.title).toBe(documentTitle(model()));
  });
});

describe(documentTitle.name, () => {
  it('names the document by type, number and trích yếu; a draft has no number', () => {
    expect(documentTitle(model())).toBe(`Báo cáo số 05/BC-UBND: ${model().title}`);
    expect(documentTitle(model({ draft: true }))).toBe(`Dự thảo báo cáo: ${model().title}`);
    expect(documentTitle(model({ docType: 'KH', numberText: '71/KH-UBND', title: '  ' }))).toBe(
      'Kế hoạch số 71/KH-UBND',
    );
  });
});

describe(renderAnnexHtml.name, () => {
  it('renders an annex page with its heading, the "Kèm theo" line and a repeated thead', () => {
    const html = renderAnnexHtml(model(), 0);
    const t = text(html);
    expect(t).toMatch(/^Phụ lục I THỐNG KÊ SỐ LIỆU CƠ BẢN VỀ CÔNG TÁC TRẺ EM/);
    expect(t).toContain(
      '(Kèm theo Báo cáo số 05/BC-UBND ngày 05 tháng 02 năm 2024 của Ủy ban nhân dân xã Hoàng Đồng)',
    );
    expect(t).toContain('Mẫu số 01/TE Kỳ báo cáo: 2 lần/năm');
    expect(html).toContain('<thead>');
    expect(html).toMatch(/\.annex-table thead \{ display: table-header-group; \}/);
    expect(html).toMatch(/\.annex-table tr \{ break-inside: avoid;/);
    expect(t).toContain('TT Chỉ tiêu ĐVT Năm 2024');
    expect(t).toContain('1 Số trẻ em dưới 16 tuổi Người 2.104');
    expect(html).toContain('<td class="val num">2.104</td>');
    expect(html).toContain('size: A4 portrait;');
    expect(html).toContain('<body>');
    expect(t).not.toContain('DỰ THẢO');
  });

  it('lays a wide annex on landscape A4 with unit and number header rows, section and heading rows', () => {
    const html = renderAnnexHtml(model(), 1);
    const t = text(html);
    // A named page: the landscape box applies to a body marked landscape.
    expect(html).toContain('@page landscape { size: A4 landscape; }');
    expect(html).toContain('body.landscape { page: landscape; }');
    expect(html).toContain('<body class="landscape">');
    expect(html).toContain('margin: 20mm 15mm 20mm 30mm;');
    expect(html).toContain('class="annex-table wide"');
    expect(t).toMatch(/^Phụ lục II THỐNG KÊ TRẺ EM CÓ HOÀN CẢNH ĐẶC BIỆT/);
    expect(t).toContain('Kỳ báo cáo: 2 lần/năm Ngày báo cáo: trước 25/5 và 20/11');
    expect(t).toContain('TT Chỉ tiêu Tổng số Tỷ lệ Người % a b 1 2');
    expect(t).not.toContain('ĐVT');
    expect(html).toMatch(/<th rowspan="2">TT<\/th>/);
    expect(html).toMatch(/<tr class="section">\s*<td class="no">I<\/td>/);
    expect(html).toMatch(
      /<tr class="heading">\s*<td class="no"><\/td>\s*<td class="label">Trong đó:<\/td>/,
    );
    expect(html).toContain('<td class="val num">25,6</td>');
  });

  it('says "Phụ lục" for a single annex and "Kế hoạch" for a plan', () => {
    const m = model({
      docType: 'KH',
      numberText: '71/KH-UBND',
      symbol: 'KH-UBND',
      issueDate: '2024-04-12',
    });
    m.annexes = [{ ...wideAnnex, roman: null }];
    const t = text(renderAnnexHtml(m, 0));
    expect(t).toMatch(/^Phụ lục THỐNG KÊ/);
    expect(t).toContain(
      '(Kèm theo Kế hoạch số 71/KH-UBND ngày 12 tháng 4 năm 2024 của Ủy ban nhân dân xã Hoàng Đồng)',
    );
  });

  it('marks a draft annex and leaves number and date blank', () => {
    const html = renderAnnexHtml(model({ draft: true, numberText: null, issueDate: null }), 0);
    expect(html).toContain('<span class="draft-mark">DỰ THẢO</span>');
    expect(text(html)).toContain(
      '(Kèm theo Báo cáo số /BC-UBND ngày … tháng … năm … của Ủy ban nhân dân xã Hoàng Đồng)',
    );
  });

  it('escapes annex titles, labels, units and cells', () => {
    const evil = `${XSS_SCRIPT}${XSS_IMG}`;
    const m = model();
    m.annexes = [
      {
        ...wideAnnex,
        title: evil,
        formCode: evil,
        reportingNote: evil,
        columns: [{ key: 'c1', label: evil, no: evil, unit: evil }],
        rows: [{ no: evil, label: evil, unit: evil, cells: [evil] }],
      },
    ];
    const html = renderAnnexHtml(m, 0);
    expectNoInjectedMarkup(html);
    expect(text(html)).toContain(`Mẫu số ${evil}`);
  });

  it('refuses an annex index out of range', () => {
    expect(() => renderAnnexHtml(model(), 2)).toThrow(RangeError);
    expect(() => renderAnnexHtml(model(), -1)).toThrow(RangeError);
  });
});

describe(annexHeading.name, () => {
  it('prints "Phụ lục" alone, "Phụ lục I/II" among several, "Phụ lục số 01" when the form asks', () => {
    expect(annexHeading(undefined, 0, 1)).toBe('Phụ lục');
    expect(annexHeading('plain', 0, 1)).toBe('Phụ lục');
    expect(annexHeading(undefined, 1, 3)).toBe('Phụ lục II');
    expect(annexHeading('roman', 0, 1)).toBe('Phụ lục I');
    expect(annexHeading('number', 1, 2)).toBe('Phụ lục số 02');
    // "plain" only when the document has one annex.
    expect(annexHeading('plain', 2, 3)).toBe('Phụ lục III');
  });
});

describe(annexHeaderRows.name, () => {
  const annex = (columns: AnnexModel['columns'], extra: Partial<AnnexModel> = {}): AnnexModel => ({
    roman: null,
    formCode: 'X',
    title: 'X',
    hasUnitColumn: true,
    columns,
    rows: [],
    landscape: false,
    ...extra,
  });
  const texts = (rows: ReturnType<typeof annexHeaderRows>) =>
    rows.map((r) =>
      r.map(
        (c) =>
          `${c.text}${c.colspan > 1 ? `/c${c.colspan}` : ''}${c.rowspan > 1 ? `/r${c.rowspan}` : ''}`,
      ),
    );

  it('keeps the shipped layout for columns without groups', () => {
    expect(texts(annexHeaderRows(annex([{ key: 'a', label: 'Năm 2024' }])))).toEqual([
      ['TT', 'Chỉ tiêu', 'ĐVT', 'Năm 2024'],
    ]);
  });

  it('merges neighbouring columns of the same group path on each level', () => {
    const rows = annexHeaderRows(
      annex(
        [
          { key: 'a', label: '2019', group: ['Kết quả', 'Năm'], no: '1' },
          { key: 'b', label: '2020', group: ['Kết quả', 'Năm'], no: '2' },
          { key: 'c', label: 'Kế hoạch', group: ['Kết quả'], no: '3' },
          { key: 'd', label: 'Ghi chú', no: '4' },
        ],
        { headers: { label: 'Nội dung' } },
      ),
    );
    expect(texts(rows)).toEqual([
      ['TT/r3', 'Nội dung/r3', 'ĐVT/r3', 'Kết quả/c3', 'Ghi chú/r3'],
      ['Năm/c2', 'Kế hoạch/r2'],
      ['2019', '2020'],
      ['a', 'b', '', '1', '2', '3', '4'],
    ]);
  });
});
