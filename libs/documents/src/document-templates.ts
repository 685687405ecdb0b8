import Handlebars from 'handlebars';
import { RenderableDocument, RenderablePart, standalonePage } from '@app/renderer';
import { AnnexModel, DocumentModel, SignatureModel } from './document-model';
import { narrativeBlocks } from './narrative-markdown';
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

/** The PDF's title: "Báo cáo số 05/BC-UBND: <trích yếu>", "Dự thảo báo cáo: <trích yếu>" for a draft. */
export function documentTitle(model: DocumentModel): string {
  const { numberText } = common(model);
  const word = DOC_TYPES[model.docType].word;
  const head =
    model.draft || !numberText
      ? `Dự thảo ${word.toLocaleLowerCase('vi')}`
      : `${word} số ${numberText}`;
  const title = model.title?.replace(/\s+/g, ' ').trim();
  return title ? `${head}: ${title}` : head;
}

// ---------------------------------------------------------------------------------------------
// View models: the model plus what is awkward to compute in a template. Strings stay plain text.

function common(model: DocumentModel) {
  return {
    ...model,
    // A draft carries no number and no date even if the model has them.
    numberText: model.draft ? null : model.numberText,
    issueDate: model.draft ? null : model.issueDate,
    issuePreview: !model.draft && !!model.issuePreview,
    docWord: DOC_TYPES[model.docType].word,
  };
}

/**
 * The narrative in two: its body, and its end (the last block, with the headings right before it)
 * printed together with the closing block so that no page holds the closing block alone.
 */
function narrativeParts(src: string) {
  const blocks = narrativeBlocks(src);
  let cut = Math.max(0, blocks.length - 1);
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
interface HeaderCell {
  text: string;
  colspan: number;
  rowspan: number;
  cls?: string;
}

/**
 * The header rows of an annex: the first columns (TT, label, ĐVT) over every header row, then per
 * level the column groups (neighbouring columns with the same path share a merged cell), each
 * column's label spanning down to the last level; the units row; the numbering row.
 */
export function annexHeaderRows(annex: AnnexModel): HeaderCell[][] {
  const paths = annex.columns.map((c) => [...(c.group ?? []), c.label]);
  const levels = Math.max(1, ...paths.map((p) => p.length));
  const hasUnits = annex.columns.some((c) => c.unit);
  const headRows = levels + (hasUnits ? 1 : 0);
  const h = { no: 'TT', label: 'Chỉ tiêu', unit: 'ĐVT', ...annex.headers };
  const rows: HeaderCell[][] = Array.from({ length: levels }, () => []);
  rows[0].push(
    { text: h.no, colspan: 1, rowspan: headRows },
    { text: h.label, colspan: 1, rowspan: headRows },
  );
  if (annex.hasUnitColumn) rows[0].push({ text: h.unit, colspan: 1, rowspan: headRows });
  const same = (a: string[], b: string[], upTo: number) =>
    a.length > upTo && b.length > upTo && a.slice(0, upTo + 1).every((x, i) => x === b[i]);
  for (let level = 0; level < levels; level++) {
    for (let i = 0; i < paths.length; i++) {
      const p = paths[i];
      if (level > p.length - 1) continue;
      if (level === p.length - 1) {
        rows[level].push({ text: p[level], colspan: 1, rowspan: levels - level });
        continue;
      }
      // A group cell: the run of columns sharing this path up to here (not their own labels).
      if (i > 0 && paths[i - 1].length - 1 > level && same(paths[i - 1], p, level)) continue;
      let span = 1;
      while (
        i + span < paths.length &&
        paths[i + span].length - 1 > level &&
        same(paths[i + span], p, level)
      )
        span++;
      rows[level].push({ text: p[level], colspan: span, rowspan: 1, cls: 'group' });
    }
  }
  if (hasUnits)
    rows.push(
      annex.columns.map((c) => ({ text: c.unit ?? '', colspan: 1, rowspan: 1, cls: 'unit' })),
    );
  const nos = numberingRow(annex);
  if (nos) rows.push(nos.map((text) => ({ text, colspan: 1, rowspan: 1, cls: 'no' })));
  return rows;
}

/** The numbering row's labels, one per printed column; null for none. */
function numberingRow(annex: AnnexModel): string[] | null {
  if (annex.numberingRow === false) return null;
  if (annex.numberingRow) return annex.numberingRow;
  if (!annex.columns.some((c) => c.no)) return null;
  return ['a', 'b', ...(annex.hasUnitColumn ? [''] : []), ...annex.columns.map((c) => c.no ?? '')];
}

/** The longest word of a text (the inline marks not counted). */
const longestWord = (s: string) =>
  Math.max(
    0,
    ...s
      .replace(/\*+/g, '')
      .split(/\s+/)
      .map((w) => [...w].length),
  );

/**
 * Column widths (mm) of an annex table: TT and ĐVT fixed, the label column and the value columns
 * sharing the rest by their relative widths (`labelWidth`, `width`; without them each value column
 * 14–26 mm and the label the rest), each value column at least as wide as its longest word, so that
 * no word is broken inside a cell.
 */
export function annexColumnWidths(annex: AnnexModel): {
  no: number;
  unit: number;
  label: number;
  values: number[];
} {
  const total = annex.landscape ? 297 - 45 : 210 - 45;
  const no = 11;
  const unit = annex.hasUnitColumn ? 17 : 0;
  const avail = total - no - unit;
  const n = Math.max(1, annex.columns.length);
  const weighted =
    annex.labelWidth !== undefined || annex.columns.some((c) => c.width !== undefined);
  let values: number[];
  if (weighted) {
    const lw = annex.labelWidth ?? 3;
    const sum = lw + annex.columns.reduce((s, c) => s + (c.width ?? 1), 0);
    values = annex.columns.map((c) => (avail * (c.width ?? 1)) / sum);
  } else {
    const minLabel = annex.landscape ? 80 : 60;
    const w = Math.max(14, Math.min(26, Math.floor((avail - minLabel) / n)));
    values = annex.columns.map(() => w);
  }
  // At least the longest word of the column's cells and header (bold, 11–12 pt: ~2.4 mm a letter) plus padding.
  const mmPerChar = annex.landscape ? 2.2 : 2.4;
  values = values.map((w, i) => {
    const c = annex.columns[i];
    const words = [c.label, c.unit ?? '', c.no ?? '', ...annex.rows.map((r) => r.cells[i] ?? '')];
    const need = Math.min(60, Math.max(...words.map(longestWord)) * mmPerChar + 2.5);
    return Math.max(w, need);
  });
  // The label column keeps at least 30 mm: wider value columns shrink back together if need be.
  const sum = values.reduce((s, w) => s + w, 0);
  if (sum > avail - 30) values = values.map((w) => (w * (avail - 30)) / sum);
  values = values.map((w) => Math.floor(w * 10) / 10);
  // The label column takes what is left (no width of its own, so rounding never overflows the page).
  const label = avail - values.reduce((s, w) => s + w, 0);
  return { no, unit, label, values };
}

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
    rows: annex.rows.map((r) => ({
      ...r,
      cls: rowCls(r),
      cells: annex.columns.map((_, i) => {
        const text = r.cells[i] ?? '';
        return { text, num: NUMERIC.test(text.trim()) };
      }),
    })),
  };
}
