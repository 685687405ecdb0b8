import { DocumentModel, renderDocument } from '@app/documents';
import { PdfRenderer } from '@app/renderer';
import { MM, lineRuns, pdfLines, pdfText, pdfWords } from '../support/pdf';
import { sampleDocument } from '../support/sample-document';

/**
 * The layout of the text of a document (issue 18), printed by the real renderer and read back
 * from the PDF: where the closing block falls, which lines are bold, how header and title break.
 */
describe('The text of a document as printed', () => {
  let r: PdfRenderer;
  beforeAll(() => {
    r = new PdfRenderer({
      chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      poolSize: 1,
      queueLimit: 4,
      timeoutMs: 20000,
      maxDocsPerBrowser: 100,
    });
  });
  afterAll(() => r.close());

  const print = (over: Partial<DocumentModel>) =>
    r.renderDocument(renderDocument(sampleDocument({ annexes: [], ...over })));

  it('never leaves the closing block alone on a page: at least two lines of the text go with it (defect 2)', async () => {
    const paragraph = (i: number) =>
      `${i}. Tổ chức tốt công tác bảo vệ, chăm sóc trẻ em tại các thôn, bản; rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt${', hỗ trợ kịp thời'.repeat(i % 4)}.`;
    let closingOnLaterPage = 0;
    // Texts of growing length: the closing block meets the foot of page 1 in several of them.
    for (let n = 6; n <= 16; n++) {
      const pdf = await print({
        narrative: [
          'I. KẾT QUẢ',
          ...Array.from({ length: n }, (_, i) => paragraph(i + 1)),
          'Trên đây là báo cáo kết quả công tác trẻ em của Ủy ban nhân dân xã Hoàng Đồng.',
        ].join('\n\n'),
      });
      const lines = pdfLines(pdf);
      const noiNhan = lines.find((l) => l.text.startsWith('Nơi nhận:'))!;
      expect(noiNhan).toBeDefined();
      if (noiNhan.page > 1) closingOnLaterPage++;
      // Text lines above "Nơi nhận:" on its page, not counting the page number.
      const above = lines.filter(
        (l) => l.page === noiNhan.page && l.top < noiNhan.top && !/^\d+$/.test(l.text),
      );
      expect({ n, linesAbove: above.length >= 2 }).toEqual({ n, linesAbove: true });
    }
    expect(closingOnLaterPage).toBeGreaterThan(0);
  });

  it('prints a numbered paragraph as body text, a short numbered line alone as a heading (defect 3)', async () => {
    const pdf = await print({
      narrative: [
        'II. NHIỆM VỤ',
        '1. Công tác tuyên truyền',
        '1. Ủy ban nhân dân xã đã chỉ đạo các ban, ngành, đoàn thể tổ chức tốt Tháng hành động vì trẻ em năm 2024 tại 100% thôn, bản trên địa bàn.',
        '2. Tiếp tục rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt để có biện pháp hỗ trợ kịp thời.',
      ].join('\n\n'),
    });
    const bold = (phrase: string) => lineRuns(pdf, phrase).map((x) => x.bold);
    expect(bold('Công tác tuyên truyền')).not.toContain(false);
    expect(bold('đã chỉ đạo các ban')).not.toContain(true);
    expect(bold('Tiếp tục rà soát')).not.toContain(true);
  });

  it('prints a unit’s header lines exactly as set, each on one line, and the title’s own line break (defect 4)', async () => {
    const pdf = await print({
      issuer: {
        governingBody: 'Ủy ban nhân dân tỉnh Lạng Sơn',
        name: 'Sở Lao động - Thương binh và Xã hội tỉnh Lạng Sơn',
        abbreviation: 'LĐTBXH',
        placeName: 'Lạng Sơn',
        filingUnit: 'BVCSTE',
        headerLines: ['SỞ LAO ĐỘNG - THƯƠNG BINH', 'VÀ XÃ HỘI'],
      },
      title: 'Kết quả thực hiện kế hoạch\nbảo vệ, chăm sóc trẻ em năm 2024',
    });
    const lines = pdfLines(pdf).filter((l) => l.page === 1);
    // The left column's lines (the right column's share their tops: compare by content).
    const leftText = (top: number) =>
      pdfWords(pdf)
        .filter((w) => w.page === 1 && Math.abs(w.yMin - top) < 3 && w.xMin < 105 * MM)
        .sort((a, b) => a.xMin - b.xMin)
        .map((w) => w.text)
        .join(' ');
    const first = lines.find((l) => l.text.includes('SỞ LAO ĐỘNG'))!;
    expect(leftText(first.top)).toBe('SỞ LAO ĐỘNG - THƯƠNG BINH');
    const second = lines.find((l) => l.top > first.top && l.text.includes('VÀ XÃ HỘI'))!;
    expect(leftText(second.top)).toBe('VÀ XÃ HỘI');
    // The title breaks where it was typed, and nowhere else.
    expect(lines.map((l) => l.text)).toEqual(
      expect.arrayContaining(['Kết quả thực hiện kế hoạch', 'bảo vệ, chăm sóc trẻ em năm 2024']),
    );
    expect(pdfText(pdf)).not.toContain('THƯƠNG\nBINH');
  });

  it('prints a small table in the text and a footnote after the text, its reference raised', async () => {
    const pdf = await print({
      narrative: [
        'I. KẾT QUẢ',
        'Số trẻ em được hỗ trợ tăng mạnh[1] so với năm trước:',
        '| Chỉ tiêu | Năm 2024 | Năm 2025 |',
        '|---|---|---|',
        '| Trẻ em được hỗ trợ | 1.200 | 1.450 |',
        '| Trẻ em được tư vấn | 310 | 402 |',
        '',
        'Trên đây là báo cáo kết quả công tác trẻ em.',
        '[1]: Số liệu của Phòng Văn hóa - Xã hội.',
      ].join('\n'),
    });
    const lines = pdfLines(pdf);
    const row = lines.find((l) => l.text.includes('Trẻ em được hỗ trợ'))!;
    expect(row.text).toMatch(/Trẻ em được hỗ trợ 1\.200 1\.450$/);
    expect(lines.some((l) => /^Chỉ tiêu Năm 2024 Năm 2025$/.test(l.text))).toBe(true);
    // The note after the last paragraph, before "Nơi nhận", and not typed as "[1]".
    const note = lines.find((l) => l.text.includes('Số liệu của Phòng'))!;
    const last = lines.find((l) => l.text.startsWith('Trên đây'))!;
    const noiNhan = lines.find((l) => l.text.startsWith('Nơi nhận:'))!;
    expect(note.text).toMatch(/^1 Số liệu của Phòng Văn hóa - Xã hội\.$/);
    expect([note.page, note.top > last.top]).toEqual([last.page, true]);
    expect(noiNhan.page > note.page || noiNhan.top > note.top).toBe(true);
    expect(pdfText(pdf)).not.toContain('[1]');
    // The reference: a smaller "1" raised above the line of "mạnh".
    const words = pdfWords(pdf);
    const manh = words.find((w) => w.text.startsWith('mạnh'))!;
    expect(manh.text).toBe('mạnh');
    const ref = words.find(
      (w) => w.text === '1' && Math.abs(w.yMin - manh.yMin) < 6 && w.xMin > manh.xMin,
    )!;
    expect(ref).toBeDefined();
    expect(ref.yMin).toBeLessThan(manh.yMin);
  });
});
