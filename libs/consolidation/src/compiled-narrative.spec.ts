import { reportOutline } from '@app/reports';
import {
  compileNarratives,
  compiledDraft,
  ownText,
  romanValue,
  splitSections,
  untouchedConsolidatedNarrative,
} from './compiled-narrative';

const period = { year: 2024, cutoffFrom: '2023-12-15', cutoffTo: '2024-06-14' };
const outline = reportOutline(period);
const outlineLines = new Set(
  outline
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean),
);

/** The outline with some text typed under some of its items. */
function typed(under: Record<string, string>): string {
  return outline
    .split('\n')
    .flatMap((l) => (under[l] !== undefined ? [l, '', under[l]] : [l]))
    .join('\n');
}

describe('compiled narratives', () => {
  it('reads Roman numerals of sections, canonical spellings only', () => {
    expect(['I', 'II', 'III', 'IV', 'IX', 'XIV', 'XX'].map(romanValue)).toEqual([
      1, 2, 3, 4, 9, 14, 20,
    ]);
    expect(['IIII', 'VX', 'XXI', 'A', ''].map(romanValue)).toEqual([null, null, null, null, null]);
  });

  it('cuts a narrative at its sections, keeping what precedes the first', () => {
    const s = splitSections(
      'Thực hiện Kế hoạch số 12/KH-UBND:\nI. MỘT\nmột\nII. HAI\n\nhai\nIIII. không phải mục',
    );
    expect(s.preamble).toBe('Thực hiện Kế hoạch số 12/KH-UBND:');
    expect(s.sections.map((x) => [x.value, x.heading])).toEqual([
      [1, 'I. MỘT'],
      [2, 'II. HAI'],
    ]);
    expect(s.sections[1].body).toBe('\nhai\nIIII. không phải mục');
  });

  it('drops the outline left as it came, keeps what the unit wrote and the items it wrote under', () => {
    const body = splitSections(
      typed({ '2. Công tác bảo vệ trẻ em (ở 3 cấp độ)': 'Xã đã tổ chức 12 buổi truyền thông.' }),
    ).sections[1].body;
    expect(ownText(body, outlineLines)).toBe(
      '2. Công tác bảo vệ trẻ em (ở 3 cấp độ)\n\nXã đã tổ chức 12 buổi truyền thông.',
    );
    // Untouched: nothing at all, the note "(Phần số liệu …)" included.
    expect(ownText(splitSections(outline).sections[1].body, outlineLines)).toBe('');
    // A heading the unit wrote itself is its text, even with nothing under it; so is a sub-item with text.
    expect(
      ownText(
        '1. Công tác tham mưu: đã ban hành 3 văn bản\n\n2. Công tác bảo vệ trẻ em (ở 3 cấp độ)\n\na) Phòng ngừa\n\n- 5 lớp kỹ năng',
        new Set([...outlineLines, 'a) Phòng ngừa']),
      ),
    ).toBe(
      '1. Công tác tham mưu: đã ban hành 3 văn bản\n\n2. Công tác bảo vệ trẻ em (ở 3 cấp độ)\n\na) Phòng ngừa\n\n- 5 lớp kỹ năng',
    );
  });

  it('compiles per section, each part under its unit and number; a unit that wrote nothing there has no part', () => {
    const c = compileNarratives(outline, [
      {
        orgUnitId: 'u1',
        name: 'Ủy ban nhân dân xã Hoàng Đồng',
        reportId: 'r1',
        numberText: '01/BC-UBND',
        narrative: typed({
          '2. Công tác bảo vệ trẻ em (ở 3 cấp độ)': 'Hoàng Đồng: 12 buổi truyền thông.',
          '2. Những tồn tại, hạn chế': 'Hoàng Đồng: thiếu cán bộ.',
        }),
      },
      {
        orgUnitId: 'u2',
        name: 'Ủy ban nhân dân xã Mai Pha',
        reportId: 'r2',
        numberText: null,
        narrative: `Thực hiện Kế hoạch, UBND xã Mai Pha báo cáo như sau:\n${typed({
          '3. Công tác chăm sóc trẻ em': 'Mai Pha: 410 thẻ bảo hiểm y tế.',
        })}\nV. KIẾN NGHỊ, ĐỀ XUẤT\n\nĐề nghị bổ sung kinh phí.`,
      },
    ]);
    expect(c.sections.map((s) => s.heading)).toEqual([
      '',
      'I. ĐẶC ĐIỂM TÌNH HÌNH',
      'II. KẾT QUẢ THỰC HIỆN 6 THÁNG ĐẦU NĂM 2024',
      'III. ĐÁNH GIÁ KẾT QUẢ ĐẠT ĐƯỢC',
      'IV. KẾ HOẠCH 6 THÁNG CUỐI NĂM 2024',
      'V. KIẾN NGHỊ, ĐỀ XUẤT',
    ]);
    const parts = c.sections.map((s) => s.parts.map((p) => [p.orgUnitId, p.numberText, p.text]));
    expect(parts).toEqual([
      [['u2', null, 'Thực hiện Kế hoạch, UBND xã Mai Pha báo cáo như sau:']],
      [],
      [
        [
          'u1',
          '01/BC-UBND',
          '2. Công tác bảo vệ trẻ em (ở 3 cấp độ)\n\nHoàng Đồng: 12 buổi truyền thông.',
        ],
        ['u2', null, '3. Công tác chăm sóc trẻ em\n\nMai Pha: 410 thẻ bảo hiểm y tế.'],
      ],
      [['u1', '01/BC-UBND', '2. Những tồn tại, hạn chế\n\nHoàng Đồng: thiếu cán bộ.']],
      [],
      [['u2', null, 'Đề nghị bổ sung kinh phí.']],
    ]);
    expect(c.text).toContain(
      'II. KẾT QUẢ THỰC HIỆN 6 THÁNG ĐẦU NĂM 2024\n\n*Theo Báo cáo số 01/BC-UBND của Ủy ban nhân dân xã Hoàng Đồng:*\n\n2. Công tác bảo vệ trẻ em (ở 3 cấp độ)\n\nHoàng Đồng: 12 buổi truyền thông.\n\n*Theo báo cáo của Ủy ban nhân dân xã Mai Pha:*\n\n3. Công tác chăm sóc trẻ em',
    );
    expect(
      c.text.startsWith('*Theo báo cáo của Ủy ban nhân dân xã Mai Pha:*\n\nThực hiện Kế hoạch'),
    ).toBe(true);
  });

  it('no lower narrative: the outline sections, empty', () => {
    const c = compileNarratives(outline, []);
    expect(c.sections).toHaveLength(4);
    expect(c.sections.every((s) => s.parts.length === 0)).toBe(true);
  });

  it('keeps the completeness paragraph under the first heading of the draft it fills', () => {
    const done = 'Báo cáo này tổng hợp số liệu từ báo cáo của 2/3 đơn vị cấp dưới.';
    expect(compiledDraft('I. A\n\nx\n', done)).toBe(`I. A\n\n${done}\n\nx\n`);
    expect(compiledDraft('*Theo …*\n\ny\n', done)).toBe(`${done}\n\n*Theo …*\n\ny\n`);
    expect(compiledDraft('I. A\n', undefined)).toBe('I. A\n');
    expect(untouchedConsolidatedNarrative(outline, done)).toContain(
      `I. ĐẶC ĐIỂM TÌNH HÌNH\n\n${done}\n`,
    );
  });

  it('is linear: a long narrative of headings compiles at once', () => {
    const big = `I. X\n${'1. a\n'.repeat(100_000)}`;
    const t0 = Date.now();
    expect(ownText(splitSections(big).sections[0].body, new Set(['1. a']))).toBe('');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
