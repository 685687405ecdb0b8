import {
  AlignmentType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  WidthType,
} from 'docx';
import { STYLE, THIN_BORDERS, mm, pt, rule, textRuns } from './docx-styles';
import { narrativeStructure } from './narrative-structure';

/** The narrative as the PDF lays it out (narrative-markdown.ts), paragraph styles by kind. */
export function narrativeChildren(src: string, width: number): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const block of narrativeStructure(src)) {
    if (block.kind === 'table') {
      const columns = Math.max(block.header?.length ?? 0, ...block.rows.map((r) => r.length), 1);
      const w = mm(width) / columns;
      const row = (cells: (typeof block.rows)[number], header: boolean) =>
        new TableRow({
          tableHeader: header,
          cantSplit: true,
          children: Array.from({ length: columns }, (_, i) => {
            const runs = cells[i] ?? [];
            const num = !header && /^[-+]?[\d.,]+%?$/.test(runs.map((r) => r.text).join(''));
            return new TableCell({
              margins: { top: 40, bottom: 40, left: 80, right: 80 },
              children: [
                new Paragraph({
                  style: STYLE.tableText,
                  alignment: header
                    ? AlignmentType.CENTER
                    : num
                      ? AlignmentType.RIGHT
                      : AlignmentType.LEFT,
                  children: textRuns(runs, { bold: header }),
                }),
              ],
            });
          }),
        });
      out.push(
        new Table({
          layout: TableLayoutType.FIXED,
          width: { size: mm(width), type: WidthType.DXA },
          columnWidths: Array.from({ length: columns }, () => w),
          borders: THIN_BORDERS,
          rows: [
            ...(block.header ? [row(block.header, true)] : []),
            ...block.rows.map((r) => row(r, false)),
          ],
        }),
        new Paragraph({ style: STYLE.body, spacing: { after: 0, line: 120 }, children: [] }),
      );
      continue;
    }
    if (block.kind === 'footnotes') {
      out.push(rule(50, width, 120, true));
      for (const note of block.notes)
        out.push(
          new Paragraph({
            style: STYLE.footnote,
            children: textRuns([{ text: note.n, sup: true }, { text: ' ' }, ...note.runs], {
              size: pt(11),
            }),
          }),
        );
      continue;
    }
    out.push(new Paragraph({ style: STYLE[block.kind], children: textRuns(block.runs) }));
  }
  return out;
}
