import {
  AlignmentType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlign,
  WidthType,
} from 'docx';
import { annexColumnWidths, annexHeaderRows } from '../annex-layout';
import { AnnexModel, DocumentModel } from '../document-model';
import { mergedSpan } from '../document-templates';
import { inlineHtml } from '../narrative-markdown';
import { dateWords } from '../nd30-date';
import { PAGE, THIN_BORDERS, line, mm, pt, rule, textRuns } from './docx-styles';
import { inlineRuns } from './inline-runs';

const NUMERIC = /^[-+]?[\d.,\s]*\d%?$/;
const upper = (s: string) => s.normalize('NFC').toLocaleUpperCase('vi');
type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

/** Text in the inline subset of labels (**bold**, *italic*, line breaks) as paragraph runs. */
const rich = (s: string, base: { size?: number; bold?: boolean } = {}) =>
  textRuns(inlineRuns(inlineHtml(s)), base);

/** The width (mm) of the text between the margins. */
export const textWidth = (landscape: boolean) =>
  (landscape ? PAGE.height : PAGE.width) - PAGE.left - PAGE.right;

/** One annex page as the PDF lays it out (templates/partials/annex.hbs): heading, title, reference, table, notes. */
export function annexChildren(model: DocumentModel, annex: AnnexModel): (Paragraph | Table)[] {
  const width = textWidth(annex.landscape);
  const word = model.docType === 'KH' ? 'Kế hoạch' : 'Báo cáo';
  const number = !model.draft && model.numberText ? model.numberText : `        /${model.symbol}`;
  const date =
    !model.draft && model.issueDate ? dateWords(model.issueDate) : 'ngày … tháng … năm …';
  const out: (Paragraph | Table)[] = [];
  if (model.draft)
    out.push(line('DỰ THẢO', { bold: true, align: AlignmentType.RIGHT, after: 120 }));
  out.push(
    line(annex.heading ?? (annex.roman ? `Phụ lục ${annex.roman}` : 'Phụ lục'), { bold: true }),
  );
  if (annex.titleAsTyped === undefined || annex.titleAsTyped.trim() !== '')
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 40 },
        children:
          annex.titleAsTyped !== undefined
            ? rich(annex.titleAsTyped, { bold: true })
            : textRuns([{ text: upper(annex.title), bold: true }]),
      }),
    );
  out.push(
    line(`(Kèm theo ${word} số ${number} ${date} của ${model.issuer.name})`, {
      italics: true,
      before: 40,
    }),
    rule(40, width, 40),
  );
  if (annex.subtitle?.text)
    out.push(
      new Paragraph({
        alignment: {
          left: AlignmentType.LEFT,
          center: AlignmentType.CENTER,
          right: AlignmentType.RIGHT,
        }[annex.subtitle.align],
        children: rich(annex.subtitle.text),
      }),
    );
  if (annex.formCodeLine !== false && annex.formCode)
    out.push(
      line(`Mẫu số ${annex.formCode}`, {
        bold: true,
        size: pt(12),
        align: AlignmentType.RIGHT,
        before: 160,
      }),
    );
  for (const note of (annex.reportingNote ?? '').split(/\r?\n/).filter((l) => l.trim()))
    out.push(line(note, { italics: true, size: pt(12), align: AlignmentType.RIGHT }));
  out.push(new Paragraph({ spacing: { after: 60 }, children: [] }), annexTable(annex));
  for (const note of annex.notes ?? [])
    out.push(
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        spacing: { before: 60 },
        children: rich(note, { size: pt(12) }),
      }),
    );
  return out;
}

function cell(
  children: Paragraph[],
  opts: { colspan?: number; rowspan?: number; width?: number } = {},
): TableCell {
  return new TableCell({
    children,
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 30, bottom: 30, left: 60, right: 60 },
    ...(opts.colspan && opts.colspan > 1 ? { columnSpan: opts.colspan } : {}),
    ...(opts.rowspan && opts.rowspan > 1 ? { rowSpan: opts.rowspan } : {}),
  });
}

const para = (
  children: ReturnType<typeof textRuns>,
  align: Align = AlignmentType.CENTER,
): Paragraph => new Paragraph({ alignment: align, children });

/** The annex's table: the same multi-level header (annex-layout.ts) and widths as the PDF. */
function annexTable(annex: AnnexModel): Table {
  const size = annex.landscape ? pt(11) : pt(12);
  const widths = annexColumnWidths(annex);
  const columns = [
    widths.no,
    widths.label,
    ...(annex.hasUnitColumn ? [widths.unit] : []),
    ...widths.values,
  ].map((w) => mm(w));
  const header = annexHeaderRows(annex).map(
    (row) =>
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: row.map((h) => {
          const plain = h.cls === 'unit' || h.cls === 'no';
          return cell(
            [
              para(
                textRuns(
                  inlineRuns(inlineHtml(h.text)).map((r) => ({
                    ...r,
                    bold: !plain || r.bold,
                    italic: plain || r.italic,
                  })),
                  { size },
                ),
              ),
            ],
            { colspan: h.colspan, rowspan: h.rowspan },
          );
        }),
      }),
  );
  const body = annex.rows.map((r, ri) => {
    const kindStyle = r.style
      ? { bold: !!r.style.bold, italic: !!r.style.italic }
      : { bold: r.kind === 'section', italic: r.kind === 'heading' };
    const styled = (runs: ReturnType<typeof inlineRuns>) =>
      runs.map((x) => ({
        ...x,
        bold: x.bold || kindStyle.bold,
        italic: x.italic || kindStyle.italic,
      }));
    const plain = (text: string) => styled([{ text }]);
    const cells = [
      cell([para(textRuns(plain(r.no), { size }))]),
      cell([para(textRuns(styled(inlineRuns(inlineHtml(r.label))), { size }), AlignmentType.LEFT)]),
      ...(annex.hasUnitColumn ? [cell([para(textRuns(plain(r.unit), { size }))])] : []),
      ...annex.columns.flatMap((c, i) => {
        const text = r.cells[i] ?? '';
        if (!c.merge)
          return [
            cell([
              para(
                textRuns(plain(text), { size }),
                NUMERIC.test(text.trim()) ? AlignmentType.RIGHT : AlignmentType.CENTER,
              ),
            ]),
          ];
        const span = mergedSpan(annex.rows, ri, i);
        return span === 0
          ? []
          : [
              cell(
                [
                  para(
                    textRuns(styled(inlineRuns(inlineHtml(text))), { size }),
                    AlignmentType.LEFT,
                  ),
                ],
                { rowspan: span },
              ),
            ];
      }),
    ];
    return new TableRow({ cantSplit: true, children: cells });
  });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: columns.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths: columns,
    borders: THIN_BORDERS,
    rows: [...header, ...body],
  });
}
