import * as fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFDict,
  PDFFont,
  PDFImage,
  PDFName,
  PDFObject,
  PDFPage,
  PDFRef,
  PDFStream,
} from 'pdf-lib';
import {
  appendUpdate,
  loadForUpdate,
  PdfSignError,
  serialize,
  UpdateObject,
} from './incremental-update';
import { IssuePlaces, IssueStamp, PdfPlace, PlaceText } from './issue-stamp';
import { faceFor, StampFace } from './stamp-fonts';

/** The style of a place whose renderer did not say (Nghị định 30/2020, Phụ lục I). */
const NUMBER_STYLE: PlaceText = { size: 13, italic: false, bold: false, align: 'right' };
const DATE_STYLE: PlaceText = { size: 14, italic: true, bold: false, align: 'left' };
const MAX_TEXT = 200;

interface TextItem {
  text: string;
  place: PdfPlace;
  style: PlaceText;
}

/**
 * Fills the number, the issue date and the seal into the places a head-signed document left for
 * them (Nghị định 30/2020, Phụ lục I: the clerk numbers and dates an electronic document after the
 * head's signature), as an incremental update: the bytes of `pdf` are kept as they are, so the
 * head's signature stays valid (covering the document as the head signed it); the organisation's
 * signature, added next, covers the whole file.
 *
 * The text is real text in Tinos (the document's font, subset-embedded with a ToUnicode map), so
 * it can be searched and extracted; each page with a place gets one more content stream (the
 * page's own content wrapped in q … Q first) and its resources the fonts and the seal image.
 */
export async function stampIssuedPdf(
  pdf: Buffer,
  places: IssuePlaces,
  stamp: IssueStamp,
): Promise<Buffer> {
  const numberText = checkedText(stamp.numberText, 'number');
  const dateText = checkedText(stamp.dateText, 'date');
  // The symbol ("/BC-UBND") is printed after the number's places: only the number is stamped.
  const slash = numberText.indexOf('/');
  const ordinal = slash > 0 ? numberText.slice(0, slash) : numberText;
  const items: TextItem[] = [
    { text: ordinal, place: places.number, style: places.number.text ?? NUMBER_STYLE },
    { text: dateText, place: places.date, style: places.date.text ?? DATE_STYLE },
  ];
  for (const ref of places.references ?? []) {
    items.push({ text: ordinal, place: ref.number, style: ref.number.text ?? NUMBER_STYLE });
    items.push({ text: dateText, place: ref.date, style: ref.date.text ?? DATE_STYLE });
  }

  const { doc, last } = await loadForUpdate(pdf);
  const firstNew = doc.context.largestObjectNumber + 1;
  doc.registerFontkit(fontkit);
  const pages = doc.getPages();
  const pageOf = (place: PdfPlace): PDFPage => {
    checkPlace(place, pages.length);
    return pages[place.page];
  };

  // Per page: its drawing operators and the resources they name.
  const perPage = new Map<
    number,
    { ops: string[]; fonts: Map<string, PDFRef>; images: Map<string, PDFRef> }
  >();
  const on = (place: PdfPlace) => {
    pageOf(place);
    let p = perPage.get(place.page);
    if (!p) perPage.set(place.page, (p = { ops: [], fonts: new Map(), images: new Map() }));
    return p;
  };

  // The seal first (under nothing of ours), then the texts.
  let seal: PDFImage | undefined;
  if (stamp.sealPng && places.seal) {
    try {
      seal = await doc.embedPng(stamp.sealPng);
    } catch (e) {
      throw new PdfSignError(`The seal is not a readable PNG: ${(e as Error).message}`);
    }
    const p = on(places.seal);
    const { x, y, width, height } = contain(places.seal, seal.width, seal.height);
    p.images.set('TEStampSeal', seal.ref);
    p.ops.push(`q ${num(width)} 0 0 ${num(height)} ${num(x)} ${num(y)} cm /TEStampSeal Do Q`);
  }

  const embedded = new Map<StampFace, { font: PDFFont; name: string }>();
  const fontFor = async (face: StampFace) => {
    let e = embedded.get(face);
    if (!e) {
      const font = await doc.embedFont(face.bytes, { subset: true });
      e = { font, name: `TEStampF${embedded.size + 1}` };
      embedded.set(face, e);
    }
    return e;
  };
  for (const item of items) {
    const p = on(item.place);
    const runs: { font: PDFFont; name: string; text: string; width: number }[] = [];
    for (const run of faceRuns(item.text, item.style)) {
      const { font, name } = await fontFor(run.face);
      p.fonts.set(name, font.ref);
      runs.push({
        font,
        name,
        text: run.text,
        width: font.widthOfTextAtSize(run.text, item.style.size),
      });
    }
    const natural = runs.reduce((w, r) => w + r.width, 0);
    // Never wider than its place: condensed rather than over the printed text beside it.
    const scale = natural > item.place.width + 0.5 ? item.place.width / natural : 1;
    const width = natural * scale;
    const { align } = item.style;
    const x =
      align === 'left'
        ? item.place.x
        : align === 'right'
          ? item.place.x + item.place.width - width
          : item.place.x + (item.place.width - width) / 2;
    const ops = [`BT 0 g ${num(scale * 100)} Tz 1 0 0 1 ${num(x)} ${num(item.place.y)} Tm`];
    for (const r of runs)
      ops.push(`/${r.name} ${num(item.style.size)} Tf ${r.font.encodeText(r.text).toString()} Tj`);
    ops.push('ET');
    p.ops.push(ops.join(' '));
  }

  // Fonts subset to the glyphs used, the seal: their objects are all new.
  for (const { font } of embedded.values()) await font.embed();
  await seal?.embed();

  const ctx = doc.context;
  const changed: UpdateObject[] = [];
  const open = ctx.register(ctx.stream('q\n'));
  for (const [index, p] of perPage) {
    const page = pages[index];
    const drawn = ctx.register(ctx.flateStream(`Q\nq\n${p.ops.join('\n')}\nQ\n`));
    page.node.set(PDFName.of('Contents'), ctx.obj([open, ...contentRefs(page), drawn]));
    page.node.set(PDFName.of('Resources'), resourcesWith(page, p.fonts, p.images));
    changed.push({ ref: page.ref, body: serialize(page.node) });
  }
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (ref.objectNumber >= firstNew) changed.push({ ref, body: serialize(obj) });
  }
  return appendUpdate(pdf, doc, last, changed);
}

function checkedText(text: string, what: string): string {
  const t = (text ?? '').normalize('NFC').trim();
  if (!t || t.length > MAX_TEXT || /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(t))
    throw new PdfSignError(`The ${what} to stamp must be one line of 1 to ${MAX_TEXT} characters`);
  return t;
}

function checkPlace(place: PdfPlace, pageCount: number): void {
  const finite = [place.x, place.y, place.width, place.height].every(
    (v) => Number.isFinite(v) && Math.abs(v) < 14_400,
  );
  if (!Number.isInteger(place.page) || place.page < 0 || place.page >= pageCount)
    throw new PdfSignError(`The PDF has no page ${place.page + 1} for a stamp`);
  if (!finite || place.width <= 0 || place.height < 0)
    throw new PdfSignError('A stamp place has no usable position or size');
  if (place.text && !(place.text.size > 0 && place.text.size <= 72))
    throw new PdfSignError('A stamp place has an unusable font size');
}

/** The text in runs of one face each (the font ships Latin and Vietnamese letters in separate files). */
function faceRuns(text: string, style: PlaceText): { face: StampFace; text: string }[] {
  const runs: { face: StampFace; text: string }[] = [];
  for (const ch of text) {
    const face = faceFor(ch.codePointAt(0)!, style);
    if (!face) throw new PdfSignError(`The document font has no glyph for "${ch}"`);
    const last = runs[runs.length - 1];
    if (last && last.face === face) last.text += ch;
    else runs.push({ face, text: ch });
  }
  return runs;
}

/** The image scaled to fit the place, centred, keeping its proportions (CSS object-fit: contain). */
function contain(place: PdfPlace, w: number, h: number) {
  const scale = Math.min(place.width / w, place.height / h);
  const width = w * scale;
  const height = h * scale;
  return {
    x: place.x + (place.width - width) / 2,
    y: place.y + (place.height - height) / 2,
    width,
    height,
  };
}

/** The page's content streams, in order. */
function contentRefs(page: PDFPage): PDFObject[] {
  const contents = page.node.get(PDFName.of('Contents'));
  if (contents === undefined) return [];
  const resolved = contents instanceof PDFRef ? page.doc.context.lookup(contents) : contents;
  if (resolved instanceof PDFArray) return resolved.asArray();
  if (resolved instanceof PDFStream) return [contents];
  throw new PdfSignError('A page of the PDF has unreadable /Contents');
}

/** The page's resources (its own or inherited) with the stamp's fonts and image added: a new dictionary. */
function resourcesWith(
  page: PDFPage,
  fonts: Map<string, PDFRef>,
  images: Map<string, PDFRef>,
): PDFDict {
  const ctx = page.doc.context;
  const lookupDict = (o: PDFObject | undefined) =>
    o instanceof PDFRef ? ctx.lookupMaybe(o, PDFDict) : o instanceof PDFDict ? o : undefined;
  const old = lookupDict(page.node.getInheritableAttribute(PDFName.of('Resources')));
  const out = ctx.obj({});
  for (const [key, value] of old?.entries() ?? []) out.set(key, value);
  const merged = (key: string, add: Map<string, PDFRef>) => {
    if (add.size === 0) return;
    const dict = ctx.obj({});
    for (const [k, v] of lookupDict(old?.get(PDFName.of(key)))?.entries() ?? []) dict.set(k, v);
    for (const [name, ref] of add) {
      if (dict.has(PDFName.of(name)))
        throw new PdfSignError(`The page already has a resource named ${name}: stamped twice?`);
      dict.set(PDFName.of(name), ref);
    }
    out.set(PDFName.of(key), dict);
  };
  merged('Font', fonts);
  merged('XObject', images);
  return out;
}

/** A number as PDF content writes it: at most 3 decimals, no exponent. */
const num = (n: number) => String(Math.round(n * 1000) / 1000);
