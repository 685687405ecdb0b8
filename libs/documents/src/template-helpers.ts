import Handlebars from 'handlebars';
import { fontFaceCss } from './fonts';
import { inlineHtml, renderNarrative } from './narrative-markdown';
import { dateLine, dateWords } from './nd30-date';

/**
 * How many parts of a document (the text, each annex) the shared <head> can lay out in one print:
 * it gives each of that many <div data-part> its own named pages and page counter.
 */
export const PRINT_PART_SLOTS = 12;

/** Signature and seal images are embedded only from data: URLs of raster images: never fetched. */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

const isOptions = (v: unknown): v is Handlebars.HelperOptions =>
  typeof v === 'object' && v !== null && 'hash' in v && 'data' in v;

const str = (v: unknown): string =>
  v === null || v === undefined || isOptions(v) ? '' : String(v);

/** The template helpers (exported for tests). Handlebars passes its options object as the last argument. */
export const templateHelpers = {
  /** Vietnamese capitals: "Ủy ban nhân dân xã Hoàng Đồng" → "ỦY BAN NHÂN DÂN XÃ HOÀNG ĐỒNG". */
  upper: (s: unknown): string => str(s).normalize('NFC').toLocaleUpperCase('vi'),
  /** "Hoàng Đồng, ngày 05 tháng 02 năm 2024". */
  dateLine: (place: unknown, iso: unknown): string => dateLine(str(place), str(iso)),
  /** "ngày 12 tháng 6 năm 2024". */
  dateWords: (iso: unknown): string => dateWords(str(iso)),
  /** The narrative Markdown subset as HTML (already escaped by renderNarrative). */
  narrative: (src: unknown): Handlebars.SafeString =>
    new Handlebars.SafeString(renderNarrative(str(src))),
  /** A form's label in the inline subset (**bold**, *italic*, line breaks) as HTML (escaped by inlineHtml). */
  rich: (s: unknown): Handlebars.SafeString => new Handlebars.SafeString(inlineHtml(str(s))),
  eq: (a: unknown, b: unknown): boolean => a === b,
  gt: (a: unknown, b: unknown): boolean => Number(a) > Number(b),
  /** 0-based index → 1-based number. */
  inc: (n: unknown): number => Number(n) + 1,
  join: (list: unknown, sep?: unknown): string =>
    Array.isArray(list) ? list.map(str).join(typeof sep === 'string' ? sep : ', ') : '',
  /** A multi-line note ("Kỳ báo cáo: …\nNgày báo cáo: …") as its lines, each printed escaped. */
  lines: (s: unknown): string[] =>
    str(s)
      .split(/\r\n|\r|\n/)
      .filter((l) => l.trim() !== ''),
  /** The URL if it is a data: URL of a raster image, else "" (http:, file:, javascript:, SVG … are ignored). */
  dataImage: (url: unknown): string => (DATA_IMAGE.test(str(url)) ? str(url) : ''),
  /** The embedded @font-face CSS. */
  fontCss: (): Handlebars.SafeString => new Handlebars.SafeString(fontFaceCss()),
  /** 1 … PRINT_PART_SLOTS, for the page rules of the parts printed together. */
  printPartSlots: (): number[] => Array.from({ length: PRINT_PART_SLOTS }, (_, i) => i + 1),
  printPartCount: (): number => PRINT_PART_SLOTS,
};

/**
 * The documents' own Handlebars instance (not the web pages' one), with the helpers registered once.
 * Every string of a model is escaped by {{ }}; the only unescaped output is the narrative's HTML,
 * which renderNarrative builds from escaped text, and the embedded font CSS.
 */
export const documentHandlebars = Handlebars.create();
for (const [name, fn] of Object.entries(templateHelpers))
  documentHandlebars.registerHelper(name, fn as Handlebars.HelperDelegate);
