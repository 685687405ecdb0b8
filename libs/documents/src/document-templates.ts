import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '@app/common';
import { AnnexModel, DocumentModel, SignatureModel } from './document-model';
import { fontFaceCss } from './fonts';
import { renderNarrative } from './narrative-markdown';
import { dateLine, dateWords } from './vn-date';

/**
 * Official documents (Nghị định 30/2020, Phụ lục I) as HTML pages for Chromium to print to PDF.
 *
 * Templates live in templates/<doc-type>/*.hbs (bc/main, kh/main, annex/page) and share the partials
 * of templates/partials/*.hbs. They run on one isolated Handlebars instance with the helpers below,
 * registered once; every string of the model is escaped by {{ }} (the only unescaped output is the
 * narrative's HTML, which renderNarrative builds from escaped text, and the embedded font CSS).
 */
const hbs = Handlebars.create();

/**
 * How many parts of a document (the text, each annex) the shared <head> can lay out in one print:
 * it gives each of that many <div data-part> its own named pages and page counter.
 */
export const PRINT_PART_SLOTS = 12;

/** Signature and seal images are embedded only from data: URLs of raster images: never fetched. */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

const isOptions = (v: unknown): v is Handlebars.HelperOptions =>
  typeof v === 'object' && v !== null && 'hash' in v && 'data' in v;

const str = (v: unknown): string => (v === null || v === undefined || isOptions(v) ? '' : String(v));

/** The template helpers (exported for tests). Handlebars passes its options object as the last argument. */
export const templateHelpers = {
  /** Vietnamese capitals: "Ủy ban nhân dân xã Hoàng Đồng" → "ỦY BAN NHÂN DÂN XÃ HOÀNG ĐỒNG". */
  upper: (s: unknown): string => str(s).normalize('NFC').toLocaleUpperCase('vi'),
  /** "Hoàng Đồng, ngày 05 tháng 02 năm 2024". */
  dateLine: (place: unknown, iso: unknown): string => dateLine(str(place), str(iso)),
  /** "ngày 12 tháng 6 năm 2024". */
  dateWords: (iso: unknown): string => dateWords(str(iso)),
  /** The narrative Markdown subset as HTML (already escaped by renderNarrative). */
  narrative: (src: unknown): Handlebars.SafeString => new Handlebars.SafeString(renderNarrative(str(src))),
  eq: (a: unknown, b: unknown): boolean => a === b,
  /** 0-based index → 1-based number. */
  inc: (n: unknown): number => Number(n) + 1,
  join: (list: unknown, sep?: unknown): string =>
    Array.isArray(list) ? list.map(str).join(typeof sep === 'string' ? sep : ', ') : '',
  /** A multi-line note ("Kỳ báo cáo: …\nNgày báo cáo: …") as its lines, each printed escaped. */
  lines: (s: unknown): string[] => str(s).split(/\r\n|\r|\n/).filter((l) => l.trim() !== ''),
  /** The URL if it is a data: URL of a raster image, else "" (http:, file:, javascript:, SVG … are ignored). */
  dataImage: (url: unknown): string => (DATA_IMAGE.test(str(url)) ? str(url) : ''),
  /** The embedded @font-face CSS. */
  fontCss: (): Handlebars.SafeString => new Handlebars.SafeString(fontFaceCss()),
  /** 1 … PRINT_PART_SLOTS, for the page rules of the parts printed together. */
  printPartSlots: (): number[] => Array.from({ length: PRINT_PART_SLOTS }, (_, i) => i + 1),
  printPartCount: (): number => PRINT_PART_SLOTS,
};

for (const [name, fn] of Object.entries(templateHelpers)) hbs.registerHelper(name, fn as Handlebars.HelperDelegate);

let partialsLoaded = false;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function templatesDir(): string {
  return path.join(projectRoot(), 'templates');
}

/** A compiled template by name ("bc/main", "annex/page"); partials are registered on first use. */
function template(name: string): Handlebars.TemplateDelegate {
  if (!partialsLoaded) {
    const dir = path.join(templatesDir(), 'partials');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
      hbs.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(dir, file), 'utf8'));
    }
    partialsLoaded = true;
  }
  let fn = compiled.get(name);
  if (!fn) {
    fn = hbs.compile(fs.readFileSync(path.join(templatesDir(), `${name}.hbs`), 'utf8'));
    compiled.set(name, fn);
  }
  return fn;
}

const DOC_TYPES = {
  BC: { template: 'bc/main', word: 'Báo cáo' },
  KH: { template: 'kh/main', word: 'Kế hoạch' },
} as const;

/** The whole body part of a document (header, title, Kính gửi, narrative, closing block) as an HTML page. */
export function renderMainHtml(model: DocumentModel): string {
  return template(DOC_TYPES[model.docType].template)(mainView(model));
}

/** The PDF's title: "Báo cáo số 05/BC-UBND: <trích yếu>", "Dự thảo báo cáo: <trích yếu>" for a draft. */
export function documentTitle(model: DocumentModel): string {
  const { numberText } = common(model);
  const word = DOC_TYPES[model.docType].word;
  const head = model.draft || !numberText ? `Dự thảo ${word.toLocaleLowerCase('vi')}` : `${word} số ${numberText}`;
  return model.title?.trim() ? `${head}: ${model.title.trim()}` : head;
}

/** Annex `index` as its own HTML page (printed separately: its page numbers restart, it may be landscape). */
export function renderAnnexHtml(model: DocumentModel, index: number): string {
  const annex = model.annexes[index];
  if (!annex) throw new RangeError(`document has no annex ${index} (it has ${model.annexes.length})`);
  return template('annex/page')(annexView(model, annex));
}

// ---------------------------------------------------------------------------------------------
// View models: the model plus what is awkward to compute in a template. Strings stay plain text.

function common(model: DocumentModel) {
  return {
    ...model,
    // A draft carries no number and no date even if the model has them.
    numberText: model.draft ? null : model.numberText,
    issueDate: model.draft ? null : model.issueDate,
    docWord: DOC_TYPES[model.docType].word,
  };
}

function mainView(model: DocumentModel) {
  return {
    ...common(model),
    issuerLines: issuerLines(model.issuer.name),
    kinhGuiSingle: model.kinhGui.length === 1 ? model.kinhGui[0] : null,
    kinhGuiList: model.kinhGui.length > 1 ? listLines(model.kinhGui, ';', '.') : [],
    recipientLines: model.recipients.map((r) => `- ${trimListPunctuation(r.name)};`),
    filingLine: model.issuer.filingUnit ? `- Lưu: VT, ${model.issuer.filingUnit}.` : '- Lưu: VT.',
    signature: signatureView(model.signature),
  };
}

/** "Ủy ban nhân dân xã Hoàng Đồng" → ["Ủy ban nhân dân", "xã Hoàng Đồng"]; other names stay one line. */
export function issuerLines(name: string): string[] {
  const m = /^(?:ủy|uỷ)\s+ban\s+nhân\s+dân\s+(\S.*)$/iu.exec(name.normalize('NFC').trim());
  return m ? ['Ủy ban nhân dân', m[1]] : [name];
}

/** Signing lines, top to bottom: "KT. CHỦ TỊCH", then the position when it differs ("PHÓ CHỦ TỊCH"). */
export function signatureLines(sig: SignatureModel): string[] {
  const lines: string[] = [];
  const head = [sig.authority, sig.headTitle].filter((s) => s && s.trim()).join(' ');
  if (head) lines.push(head);
  const up = templateHelpers.upper;
  if (sig.positionTitle && (!sig.headTitle || up(sig.positionTitle) !== up(sig.headTitle))) lines.push(sig.positionTitle);
  return lines;
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
  return s.trim().replace(/[;.,]+$/, '').trim();
}

/** "- A;" … "- Z." */
function listLines(items: string[], sep: string, end: string): string[] {
  return items.map((s, i) => `- ${trimListPunctuation(s)}${i === items.length - 1 ? end : sep}`);
}

const NUMERIC = /^[-+]?[\d.,\s]*\d%?$/;

function annexView(model: DocumentModel, annex: AnnexModel) {
  const hasUnits = annex.columns.some((c) => c.unit);
  const hasNos = annex.columns.some((c) => c.no);
  // Text width: A4 minus 30 mm + 15 mm side margins.
  const width = annex.landscape ? 297 - 45 : 210 - 45;
  const fixed = 11 + (annex.hasUnitColumn ? 17 : 0);
  // Value columns share what the label column (at least 60 mm, 80 mm on landscape) leaves, 14–26 mm each.
  const minLabel = annex.landscape ? 80 : 60;
  const valueWidth = Math.max(14, Math.min(26, Math.floor((width - fixed - minLabel) / Math.max(1, annex.columns.length))));
  return {
    ...common(model),
    annex,
    heading: annex.roman ? `Phụ lục ${annex.roman}` : 'Phụ lục',
    hasUnits,
    hasNos,
    headRowspan: hasUnits ? 2 : 1,
    valueWidth,
    wide: annex.landscape,
    rows: annex.rows.map((r) => ({
      ...r,
      cls: r.kind ?? 'value',
      cells: annex.columns.map((_, i) => {
        const text = r.cells[i] ?? '';
        return { text, num: NUMERIC.test(text.trim()) };
      }),
    })),
  };
}
