import {
  AlignmentType,
  BorderStyle,
  IStylesOptions,
  ITableBordersOptions,
  Paragraph,
  TextRun,
  convertMillimetersToTwip,
} from 'docx';
import { InlineRun } from './inline-runs';
import { STYLE } from './style-names';

export { STYLE };

/** Nghị định 30/2020: Times New Roman, text 13–14 pt (14 here, as the PDF). */
export const FONT = 'Times New Roman';
/** Half-points, as Word counts font sizes. */
export const pt = (points: number) => points * 2;
export const mm = convertMillimetersToTwip;

/** A4 and the PDF's margins (ND30: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm). */
export const PAGE = { width: 210, height: 297, top: 20, bottom: 20, left: 30, right: 15 };

const BODY_PARAGRAPH = {
  alignment: AlignmentType.JUSTIFIED,
  indent: { firstLine: mm(12.7) },
  spacing: { after: 120, line: 312 },
};

/** A paragraph style; Enter after a title or a heading goes on in body text, after the others in the same style. */
const style = (
  id: string,
  name: string,
  run: Record<string, unknown> = {},
  paragraph: Record<string, unknown> = BODY_PARAGRAPH,
) => ({
  id,
  name,
  basedOn: 'Normal',
  next: ([STYLE.title, STYLE.sec, STYLE.item, STYLE.sub] as string[]).includes(id)
    ? STYLE.body
    : id,
  quickFormat: true,
  run,
  paragraph,
});

/** The document's styles: Normal is Times New Roman 14 pt. */
export const DOCUMENT_STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: FONT, size: pt(14), language: { value: 'vi-VN' } },
      paragraph: { spacing: { after: 0, line: 276 } },
    },
  },
  paragraphStyles: [
    style(STYLE.title, 'ND30 Tiêu đề', { bold: true }, { alignment: AlignmentType.CENTER }),
    style(STYLE.kinhGui, 'ND30 Kính gửi', {}, { alignment: AlignmentType.CENTER }),
    style(STYLE.sec, 'ND30 Mục (I.)', { bold: true }, { ...BODY_PARAGRAPH, keepNext: true }),
    style(STYLE.item, 'ND30 Mục (1.)', { bold: true }, { ...BODY_PARAGRAPH, keepNext: true }),
    style(STYLE.sub, 'ND30 Mục (a)', { italics: true }, { ...BODY_PARAGRAPH, keepNext: true }),
    style(STYLE.body, 'ND30 Nội dung'),
    style(STYLE.numbered, 'ND30 Đoạn đánh số'),
    style(STYLE.dash, 'ND30 Gạch đầu dòng (-)'),
    style(STYLE.plus, 'ND30 Gạch đầu dòng (+)'),
    style(
      STYLE.footnote,
      'ND30 Chú thích',
      { size: pt(11) },
      { spacing: { after: 40 }, alignment: AlignmentType.JUSTIFIED },
    ),
    style(STYLE.tableText, 'ND30 Bảng', { size: pt(12) }, { alignment: AlignmentType.LEFT }),
  ],
};

/** Runs of text in the document's font. */
export function textRuns(runs: InlineRun[], base: { size?: number; bold?: boolean } = {}) {
  return runs.map(
    (r) =>
      new TextRun({
        text: r.text,
        ...(r.lineBreak ? { break: 1 } : {}),
        ...(r.bold || base.bold ? { bold: true } : {}),
        ...(r.italic ? { italics: true } : {}),
        ...(r.sub ? { subScript: true } : {}),
        ...(r.sup ? { superScript: true } : {}),
        ...(base.size ? { size: base.size } : {}),
      }),
  );
}

/** One line of text. */
export function line(
  text: string,
  opts: {
    size?: number;
    bold?: boolean;
    italics?: boolean;
    underline?: boolean;
    align?: (typeof AlignmentType)[keyof typeof AlignmentType];
    before?: number;
    after?: number;
    style?: string;
    keepNext?: boolean;
  } = {},
): Paragraph {
  return new Paragraph({
    alignment: opts.align ?? AlignmentType.CENTER,
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.keepNext ? { keepNext: true } : {}),
    spacing: { before: opts.before ?? 0, after: opts.after ?? 0 },
    children: [
      new TextRun({
        text,
        size: opts.size ?? pt(14),
        ...(opts.bold ? { bold: true } : {}),
        ...(opts.italics ? { italics: true } : {}),
        ...(opts.underline ? { underline: {} } : {}),
      }),
    ],
  });
}

/** A short rule (`width` mm), centred or on the left, under a heading, as a paragraph's bottom border. */
export function rule(width: number, columnWidth: number, before = 0, left = false): Paragraph {
  const side = Math.max(0, (columnWidth - width) / 2);
  return new Paragraph({
    indent: left
      ? { left: 0, right: mm(columnWidth - width) }
      : { left: mm(side), right: mm(side) },
    spacing: { before, after: 0, line: 120, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [new TextRun({ text: '', size: pt(4) })],
  });
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
/** A layout table (header, closing block): no lines. */
export const NO_BORDERS: ITableBordersOptions = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
/** A table of data (annex, narrative table): thin lines (0.5 pt). */
export const THIN_BORDERS: ITableBordersOptions = {
  top: THIN,
  bottom: THIN,
  left: THIN,
  right: THIN,
  insideHorizontal: THIN,
  insideVertical: THIN,
};
