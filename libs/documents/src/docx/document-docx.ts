import {
  AlignmentType,
  Document,
  Header,
  ISectionOptions,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { DocumentModel } from '../document-model';
import { documentType, isDocumentType } from '../document-types';
import { closingLines, documentTitle, issuerLines, signatureLines } from '../document-templates';
import { dateLine } from '../nd30-date';
import { annexChildren, textWidth } from './annex-docx';
import { DOCUMENT_STYLES, NO_BORDERS, PAGE, STYLE, line, mm, pt, rule } from './docx-styles';
import { narrativeChildren } from './narrative-docx';

/** What the file's properties say it is (a copy; the original stays the signed PDF). */
export interface DocxCopyInfo {
  /** The archived original's SHA-256, for an issued document. */
  originalSha256?: string;
  /** When the copy was made. */
  madeAt: Date;
}

const upper = (s: string) => s.normalize('NFC').toLocaleUpperCase('vi');
/** The type of the model, when the registry knows it (an unknown stored code prints as a report would). */
const typeOf = (code: string) => (isDocumentType(code) ? documentType(code) : null);

/**
 * A document as a Word file (.docx) in the layout of Nghị định 30/2020, from the same model the
 * PDF is printed from: the header table, number and date line, title, the narrative, Nơi nhận and
 * the signature block, then each annex in a section of its own (landscape when wide). Never the
 * signature or seal images: a Word copy is not an original.
 */
export async function documentDocx(model: DocumentModel, info: DocxCopyInfo): Promise<Buffer> {
  const issued = !model.draft && !!model.numberText;
  const description = issued
    ? `Bản sao dạng Word của văn bản số ${model.numberText} do ${model.issuer.name} ban hành. ` +
      `Bản gốc là tệp PDF có chữ ký số lưu trong hệ thống` +
      (info.originalSha256 ? ` (SHA-256 ${info.originalSha256}).` : '.') +
      ' Bản Word không có giá trị thay bản gốc.'
    : 'Dự thảo dạng Word, chưa ban hành. Có thể sửa phần nội dung và tải lên lại.';
  const doc = new Document({
    creator: model.issuer.name,
    title: documentTitle(model),
    subject: model.title,
    description,
    keywords: issued ? 'bản sao; bản gốc là PDF có chữ ký số' : 'dự thảo',
    lastModifiedBy: 'Hệ thống báo cáo công tác trẻ em',
    customProperties: [
      { name: 'TrangThai', value: issued ? 'Bản sao của văn bản đã ban hành' : 'Dự thảo' },
      ...(info.originalSha256 ? [{ name: 'BanGocSHA256', value: info.originalSha256 }] : []),
      { name: 'TaoLuc', value: info.madeAt.toISOString() },
    ],
    styles: DOCUMENT_STYLES,
    sections: [
      section(false, mainChildren(model)),
      ...model.annexes.map((a) => section(a.landscape, annexChildren(model, a))),
    ],
  });
  return Packer.toBuffer(doc);
}

/** A section: A4 with the ND30 margins; the page number centred at the top from page 2 on. */
function section(landscape: boolean, children: (Paragraph | Table)[]): ISectionOptions {
  return {
    properties: {
      titlePage: true,
      page: {
        size: {
          width: mm(PAGE.width),
          height: mm(PAGE.height),
          orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
        },
        margin: {
          top: mm(PAGE.top),
          bottom: mm(PAGE.bottom),
          left: mm(PAGE.left),
          right: mm(PAGE.right),
          header: mm(8),
          footer: mm(8),
        },
        pageNumbers: { start: 1 },
      },
    },
    headers: {
      default: new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: [PageNumber.CURRENT], size: pt(13) })],
          }),
        ],
      }),
      first: new Header({ children: [] }),
    },
    children,
  };
}

function mainChildren(model: DocumentModel): (Paragraph | Table)[] {
  const width = textWidth(false);
  const out: (Paragraph | Table)[] = [];
  if (model.draft)
    out.push(line('DỰ THẢO', { bold: true, align: AlignmentType.RIGHT, after: 120 }));
  else if (model.issuePreview)
    out.push(line('BẢN XEM TRƯỚC', { bold: true, align: AlignmentType.RIGHT, after: 120 }));
  out.push(headerTable(model));
  const type = typeOf(model.docType);
  // A công văn has no title block: its title is the "V/v …" under the number (headerTable).
  if (type?.titleBlock !== false)
    out.push(
      line(upper(type?.name ?? model.docType), { bold: true, before: 320, style: STYLE.title }),
      ...model.title
        .split(/\r?\n/)
        .map((t) => line(t.trim(), { bold: true, style: STYLE.title, keepNext: true })),
      rule(40, width, 40),
    );
  if (model.kinhGui.length === 1)
    out.push(line(`Kính gửi: ${model.kinhGui[0]}`, { before: 240, style: STYLE.kinhGui }));
  else if (model.kinhGui.length > 1)
    out.push(
      line('Kính gửi:', { before: 240, style: STYLE.kinhGui }),
      ...model.kinhGui.map((k, i) =>
        line(`- ${k}${i === model.kinhGui.length - 1 ? '.' : ';'}`, { style: STYLE.kinhGui }),
      ),
    );
  out.push(new Paragraph({ spacing: { before: 160 }, children: [] }));
  out.push(...narrativeChildren(model.narrative, width));
  out.push(closingTable(model, width));
  return out;
}

/** Issuing body and number (left) | national name, motto, place and date (right). */
function headerTable(model: DocumentModel): Table {
  const width = textWidth(false);
  const left = width * 0.36;
  const right = width - left;
  const own = (model.issuer.headerLines ?? []).map((l) => l.trim()).filter((l) => l !== '');
  const issuer: Paragraph[] = [
    ...(model.issuer.governingBody
      ? [line(upper(model.issuer.governingBody), { size: pt(13) })]
      : []),
    ...(own.length ? own : issuerLines(model.issuer.name).map(upper)).map((l) =>
      line(l, { size: pt(13), bold: true }),
    ),
    rule(left / 3, left, 20),
  ];
  const numberText = !model.draft && model.numberText ? model.numberText : null;
  const date =
    !model.draft && model.issueDate
      ? dateLine(model.issuer.placeName, model.issueDate)
      : `${model.issuer.placeName}, ngày … tháng … năm …`;
  const cell = (children: Paragraph[], w: number) =>
    new TableCell({
      children,
      width: { size: mm(w), type: WidthType.DXA },
      margins: { left: 0, right: 0 },
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: mm(width), type: WidthType.DXA },
    columnWidths: [mm(left), mm(right)],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(issuer, left),
          cell(
            [
              line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: pt(13), bold: true }),
              line('Độc lập - Tự do - Hạnh phúc', { bold: true, underline: true }),
            ],
            right,
          ),
        ],
      }),
      new TableRow({
        children: [
          cell(
            [
              line(numberText ? `Số: ${numberText}` : `Số:        /${model.symbol}`, {
                size: pt(13),
                before: 180,
              }),
              ...(typeOf(model.docType)?.titleBlock === false
                ? [line(`V/v ${model.title.replace(/\s*\r?\n\s*/g, ' ')}`, { size: pt(12) })]
                : []),
            ],
            left,
          ),
          cell([line(date, { italics: true, before: 180 })], right),
        ],
      }),
    ],
  });
}

/** Nơi nhận (left, small) | signing authority, room to sign, the signer's name (right). */
function closingTable(model: DocumentModel, width: number): Table {
  const left = width * 0.45;
  const right = width - left;
  const { recipientLines, filingLine } = closingLines(model);
  const sig = model.signature;
  const cell = (children: Paragraph[], w: number) =>
    new TableCell({ children, width: { size: mm(w), type: WidthType.DXA } });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: mm(width), type: WidthType.DXA },
    columnWidths: [mm(left), mm(right)],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell(
            [
              line('Nơi nhận:', {
                bold: true,
                italics: true,
                size: pt(12),
                align: AlignmentType.LEFT,
                before: 240,
              }),
              ...[...recipientLines, filingLine].map((l) =>
                line(l, { size: pt(11), align: AlignmentType.LEFT }),
              ),
            ],
            left,
          ),
          cell(
            [
              ...signatureLines(sig).map((l, i) =>
                line(upper(l), { bold: true, before: i === 0 ? 240 : 0 }),
              ),
              new Paragraph({ spacing: { before: mm(28) }, children: [] }),
              line(sig.signerName ?? '', { bold: true }),
            ],
            right,
          ),
        ],
      }),
    ],
  });
}
