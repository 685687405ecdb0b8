import Handlebars from 'handlebars';
import { RenderableDocument, RenderablePart, standalonePage } from '@app/renderer';
import { AnnexModel, DocumentModel, SignatureModel } from './document-model';
import { narrativeBlocks } from './narrative-markdown';
import { annexColumnWidths, annexHeaderRows } from './annex-layout';
import { authorityLines } from './signing-authority';
import { templateHelpers } from './template-helpers';
import { documentHead, template } from './template-loader';

/**
 * Official documents (Nghị định 30/2020, Phụ lục I) as parts for Chromium to print to PDF: the text
 * and each annex, each a body under the one shared head (template-loader.ts). Templates live in
 * templates/<doc-type>/*.hbs (bc/main, kh/main, annex/page) and share templates/partials/*.hbs.
 */
const DOC_TYPES = {
  BC: { template: 'bc/main', word: 'Báo cáo' },
  KH: { template: 'kh/main', word: 'Kế hoạch' },
} as const;

/** A document as the renderer takes it: the shared head, the text, each annex; its title. */
export function renderDocument(model: DocumentModel): RenderableDocument {
  return {
    head: documentHead(),
    parts: [mainPart(model), ...model.annexes.map((_, i) => annexPart(model, i))],
    title: documentTitle(model),
  };
}

/** The text of a document: header, title, Kính gửi, narrative, closing block. */
export function mainPart(model: DocumentModel): RenderablePart {
  return { body: template(DOC_TYPES[model.docType].template)(mainView(model)) };
}

/** Annex `index` (its page numbers restart; it may be landscape). */
export function annexPart(model: DocumentModel, index: number): RenderablePart {
  const annex = model.annexes[index];
  if (!annex)
    throw new RangeError(`document has no annex ${index} (it has ${model.annexes.length})`);
  return {
    className: annex.landscape ? 'landscape' : undefined,
    body: template('annex/page')(annexView(model, annex)),
  };
}

/** The text of a document as a whole HTML page of its own. */
export const renderMainHtml = (model: DocumentModel): string =>
  standalonePage(documentHead(), mainPart(model));

/** Annex `index` as a whole HTML page of its own. */
export const renderAnnexHtml = (model: DocumentModel, index: number): string =>
  standalonePage(documentHead(), annexPart(model, index));

/**
 * The PDF's title: "Báo cáo số 05/BC-UBND: <trích yếu>", "Dự thảo báo cáo: <trích yếu>" for a
 * draft, "Báo cáo: <trích yếu>" for the original as the head signs it (not numbered yet).
 */
export function documentTitle(model: DocumentModel): string {
  const { numberText, issuePlaces } = common(model);
  const word = DOC_TYPES[model.docType].word;
  const head = issuePlaces
    ? word
    : model.draft || !numberText
      ? `Dự thảo ${word.toLocaleLowerCase('vi')}`
      : `${word} số ${numberText}`;
  const title = model.title?.replace(/\s+/g, ' ').trim();
  return title ? `${head}: ${title}` : head;
}

// ---------------------------------------------------------------------------------------------
// View models: the model plus what is awkward to compute in a template. Strings stay plain text.

function common(model: DocumentModel) {
  const issuePlaces = !model.draft && !!model.issuePlaces;
  return {
    ...model,
    // A draft carries no number and no date even if the model has them; nor does the original
    // as the head signs it (issuePlaces: they are stamped at issue).
    numberText: model.draft || issuePlaces ? null : model.numberText,
    issueDate: model.draft || issuePlaces ? null : model.issueDate,
    issuePreview: !model.draft && !issuePlaces && !!model.issuePreview,
    issuePlaces,
    docWord: DOC_TYPES[model.docType].word,
  };
}

/**
 * The narrative in two: its body, and its end (the last block, with the headings right before it)
 * printed together with the closing block so that no page holds the closing block alone.
 */
function narrativeParts(src: string) {
  const blocks = narrativeBlocks(src);
  // The footnotes (printed after the text) go with the last block, not instead of it.
  const notes = blocks.length > 0 && blocks[blocks.length - 1].startsWith('<div class="footnotes"');
  let cut = Math.max(0, blocks.length - (notes ? 2 : 1));
  while (cut > 0 && /^<h[234]\b/.test(blocks[cut - 1])) cut--;
  return {
    narrativeBody: new Handlebars.SafeString(blocks.slice(0, cut).join('\n')),
    narrativeEnd: new Handlebars.SafeString(blocks.slice(cut).join('\n')),
  };
}

function mainView(model: DocumentModel) {
  return {
    ...common(model),
    ...narrativeParts(model.narrative),
    ...issuerView(model.issuer),
    kinhGuiSingle: model.kinhGui.length === 1 ? model.kinhGui[0] : null,
    kinhGuiList: model.kinhGui.length > 1 ? listLines(model.kinhGui, ';', '.') : [],
    ...closingLines(model),
    signature: signatureView(model.signature),
  };
}

/** A recipient typed as the filing line: "Lưu: VT, VHXH", "- Lưu VT". */
const FILING_RECIPIENT = /^[-–+]?\s*lưu\b\s*:?\s*/iu;

/**
 * Nơi nhận, then one "- Lưu: …" line: a recipient typed as "Lưu: …" replaces the unit's (or the
 * document's) filing line instead of printing a second one.
 */
export function closingLines(model: Pick<DocumentModel, 'recipients' | 'issuer'>) {
  const typed = model.recipients.filter((r) =>
    FILING_RECIPIENT.test(r.name.normalize('NFC').trim()),
  );
  const others = model.recipients.filter((r) => !typed.includes(r));
  const typedFiling = typed
    .map((r) => trimListPunctuation(r.name.normalize('NFC').trim().replace(FILING_RECIPIENT, '')))
    .filter((s) => s !== '')
    .join(', ');
  const unit = model.issuer.filingUnit?.trim();
  return {
    recipientLines: others.map((r) => `- ${trimListPunctuation(r.name)};`),
    filingLine: typedFiling
      ? `- Lưu: ${typedFiling}.`
      : unit
        ? `- Lưu: VT, ${unit}.`
        : '- Lưu: VT.',
  };
}

/** The issuing body's lines: the unit's own, exactly as set and never wrapped, else from its name. */
function issuerView(issuer: DocumentModel['issuer']) {
  const own = (issuer.headerLines ?? []).map((l) => l.trim()).filter((l) => l !== '');
  return own.length
    ? { issuerLines: [], ownIssuerLines: own }
    : { issuerLines: issuerLines(issuer.name), ownIssuerLines: [] };
}

/** The collective body a "TM." line names: the unit's first header line, or "Ủy ban nhân dân" of its name. */
export function collectiveName(issuer: Pick<DocumentModel['issuer'], 'name' | 'headerLines'>) {
  const own = (issuer.headerLines ?? []).map((l) => l.trim()).filter((l) => l !== '');
  return own[0] ?? issuerLines(issuer.name)[0];
}

/** "Ủy ban nhân dân xã Hoàng Đồng" → ["Ủy ban nhân dân", "xã Hoàng Đồng"]; other names stay one line. */
export function issuerLines(name: string): string[] {
  const m = /^(?:ủy|uỷ)\s+ban\s+nhân\s+dân\s+(\S.*)$/iu.exec(name.normalize('NFC').trim());
  return m ? ['Ủy ban nhân dân', m[1]] : [name];
}

/** Signing lines, top to bottom (signing-authority.ts): "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH". */
export function signatureLines(sig: SignatureModel): string[] {
  return authorityLines({
    authority: sig.authority,
    headTitle: sig.headTitle,
    positionTitle: sig.positionTitle,
    collective: sig.collective ?? null,
  });
}

function signatureView(sig: SignatureModel) {
  return {
    lines: signatureLines(sig),
    signerName: sig.signerName ?? '',
    signatureImage: templateHelpers.dataImage(sig.signatureImage),
    sealImage: templateHelpers.dataImage(sig.sealImage),
  };
}

function trimListPunctuation(s: string): string {
  return s
    .trim()
    .replace(/[;.,]+$/, '')
    .trim();
}

/** "- A;" … "- Z." */
function listLines(items: string[], sep: string, end: string): string[] {
  return items.map((s, i) => `- ${trimListPunctuation(s)}${i === items.length - 1 ? end : sep}`);
}

const NUMERIC = /^[-+]?[\d.,\s]*\d%?$/;

/** A header cell of an annex table. */
function annexView(model: DocumentModel, annex: AnnexModel) {
  const widths = annexColumnWidths(annex);
  const rowCls = (r: AnnexModel['rows'][number]) => {
    const cls = [r.kind ?? 'value'];
    if (r.style) {
      cls.push('styled');
      if (r.style.bold) cls.push('bold');
      if (r.style.italic) cls.push('italic');
    }
    return cls.join(' ');
  };
  const subtitle = annex.subtitle;
  return {
    ...common(model),
    annex,
    heading: annex.heading ?? (annex.roman ? `Phụ lục ${annex.roman}` : 'Phụ lục'),
    titleAsTyped: annex.titleAsTyped !== undefined,
    showTitle: annex.titleAsTyped === undefined || annex.titleAsTyped.trim() !== '',
    formCodeLine: annex.formCodeLine !== false && !!annex.formCode,
    subtitle: subtitle?.text ? { text: subtitle.text, align: subtitle.align } : null,
    notes: annex.notes ?? [],
    headerRows: annexHeaderRows(annex),
    widths,
    wide: annex.landscape,
    rows: annex.rows.map((r, ri) => ({
      ...r,
      cls: rowCls(r),
      cells: annex.columns.flatMap((c, i): AnnexCellView[] => {
        const text = r.cells[i] ?? '';
        if (!c.merge) return [{ text, num: NUMERIC.test(text.trim()) }];
        const span = mergedSpan(annex.rows, ri, i);
        return span === 0 ? [] : [{ text, labelLike: true, rowspan: span }];
      }),
    })),
  };
}

/** A cell of an annex table as the template prints it. */
interface AnnexCellView {
  text: string;
  num?: boolean;
  /** Printed text of the form in the inline subset (a fixed column), spanning `rowspan` rows. */
  labelLike?: boolean;
  rowspan?: number;
}

/**
 * A merged column's cell at (row, column): how many rows it spans (1 alone, more over the equal
 * non-empty cells below it), 0 when the cell above covers it.
 */
function mergedSpan(rows: AnnexModel['rows'], ri: number, ci: number): number {
  const text = rows[ri].cells[ci] ?? '';
  const same = (j: number) => !!text && !rows[j].kind && (rows[j].cells[ci] ?? '') === text;
  if (ri > 0 && same(ri - 1) && !rows[ri].kind) return 0;
  let span = 1;
  while (ri + span < rows.length && same(ri + span)) span++;
  return span;
}
