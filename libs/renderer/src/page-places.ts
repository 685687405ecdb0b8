import type { Page } from 'puppeteer-core';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';

/**
 * Places a document marks for something printed later (the number and date a clerk fills in after
 * the head's signature, the seal): `<a data-place="<name>" data-place-align="left|right|center">`
 * elements in its HTML. Where each falls is read from the print itself, so the page and the
 * position are those of the paginated print (named pages, landscape parts, blocks pushed to the
 * next page), which the DOM of the unprinted page cannot tell: before printing, each place gets a
 * link to a URL no one else knows (a key per render); Chromium prints a link as an annotation with
 * the rectangle of its box on its page; the annotations are read, then taken out of the PDF.
 *
 * A text place is an inline-block standing on its line's baseline (the template gives it a
 * height smaller than the line's ascent and `overflow: hidden`), so the bottom of its rectangle
 * is the baseline the filled text is printed on.
 */
export interface RenderedPlace {
  /** data-place. */
  name: string;
  /** 0-based page of the document. */
  page: number;
  /** PDF points, origin at the page's bottom left. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The font of the place's line: size in points, italic, bold; and data-place-align. */
  fontSize: number;
  italic: boolean;
  bold: boolean;
  align: 'left' | 'center' | 'right';
}

export type PlaceStyle = Pick<RenderedPlace, 'name' | 'fontSize' | 'italic' | 'bold' | 'align'>;

const PLACE_URL = 'https://place.invalid/';
/** 1 CSS px = 0.75 pt. */
const PT_PER_PX = 0.75;
const MAX_PLACES = 100;

/** Gives each place of the loaded body a link to `<PLACE_URL><key>/<i>`; answers their styles, by i. */
export async function markPlaces(page: Page, key: string): Promise<PlaceStyle[]> {
  const styles = await page.evaluate(
    (prefix: string, max: number) => {
      const places = Array.from(document.querySelectorAll('a[data-place]')).slice(0, max);
      return places.map((el, i) => {
        el.setAttribute('href', `${prefix}${i}`);
        const css = getComputedStyle(el);
        return {
          name: el.getAttribute('data-place') ?? '',
          fontSizePx: parseFloat(css.fontSize),
          italic: css.fontStyle !== 'normal',
          bold: Number(css.fontWeight) >= 600,
          align: el.getAttribute('data-place-align') ?? 'left',
        };
      });
    },
    `${PLACE_URL}${key}/`,
    MAX_PLACES,
  );
  return styles.map((s) => ({
    name: s.name,
    fontSize: Math.round(s.fontSizePx * PT_PER_PX * 100) / 100,
    italic: s.italic,
    bold: s.bold,
    align: s.align === 'right' || s.align === 'center' ? s.align : 'left',
  }));
}

/**
 * The places of the joined document, found by their links (`styles`: per print key, the styles
 * markPlaces answered), in page order; the links are taken out of the pages and the document.
 */
export function takePlaces(doc: PDFDocument, styles: Map<string, PlaceStyle[]>): RenderedPlace[] {
  const ctx = doc.context;
  const found: RenderedPlace[] = [];
  doc.getPages().forEach((page, index) => {
    const annotsEntry = page.node.get(PDFName.of('Annots'));
    const annots =
      annotsEntry instanceof PDFRef
        ? ctx.lookupMaybe(annotsEntry, PDFArray)
        : annotsEntry instanceof PDFArray
          ? annotsEntry
          : undefined;
    if (!annots) return;
    const kept: PDFObject[] = [];
    for (const entry of annots.asArray()) {
      const resolved = entry instanceof PDFRef ? ctx.lookup(entry) : entry;
      const annot = resolved instanceof PDFDict ? resolved : undefined;
      const place = annot && placeOf(annot, styles);
      if (!place) {
        kept.push(entry);
        continue;
      }
      found.push({ ...place, page: index });
      if (entry instanceof PDFRef) ctx.delete(entry);
    }
    if (kept.length === annots.size()) return;
    if (kept.length === 0) page.node.delete(PDFName.of('Annots'));
    else page.node.set(PDFName.of('Annots'), ctx.obj(kept));
  });
  return found;
}

function placeOf(
  annot: PDFDict,
  styles: Map<string, PlaceStyle[]>,
): Omit<RenderedPlace, 'page'> | undefined {
  if (annot.get(PDFName.of('Subtype')) !== PDFName.of('Link')) return undefined;
  const action = annot.lookup(PDFName.of('A'));
  const uriObj = action instanceof PDFDict ? action.lookup(PDFName.of('URI')) : undefined;
  const uri = isText(uriObj) ? uriObj.decodeText() : undefined;
  if (!uri?.startsWith(PLACE_URL)) return undefined;
  const rest = uri.slice(PLACE_URL.length);
  const cut = rest.lastIndexOf('/');
  const style = styles.get(rest.slice(0, cut))?.[Number(rest.slice(cut + 1))];
  const rectObj = annot.lookup(PDFName.of('Rect'));
  const rect =
    rectObj instanceof PDFArray
      ? rectObj.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN))
      : undefined;
  if (!style || !rect || rect.length !== 4 || rect.some((n) => !Number.isFinite(n)))
    return undefined;
  const [x1, y1, x2, y2] = rect;
  return {
    ...style,
    x: Math.min(x1, x2),
    y: Math.min(y1, y2),
    width: Math.abs(x2 - x1),
    height: Math.abs(y2 - y1),
  };
}

const isText = (o: PDFObject | undefined): o is PDFString | PDFHexString =>
  o instanceof PDFString || o instanceof PDFHexString;
