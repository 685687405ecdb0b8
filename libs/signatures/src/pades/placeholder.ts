import { vietnamParts } from '@app/common';
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { appendUpdate, loadForUpdate, PdfSignError, UpdateObject } from './incremental-update';

export { PdfSignError } from './incremental-update';

/** The ByteRange placeholder @signpdf/signpdf looks for and fills in. */
export const BYTE_RANGE_PLACEHOLDER = '**********';

export interface PlaceholderOptions {
  /** Name of the new signature field (/T); must not exist yet. Default `Signature<n>`. */
  fieldName?: string;
  /** ETSI.CAdES.detached (PAdES) or adbe.pkcs7.detached. */
  subFilter: 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';
  /** Bytes reserved for the CMS signature (/Contents holds twice as many hex digits). */
  signatureLength: number;
  reason?: string;
  location?: string;
  name?: string;
  contactInfo?: string;
  /** Written as /M. */
  signingTime: Date;
  /** 0-based page the (invisible) widget is attached to. Default 0. */
  pageIndex?: number;
}

/** A PDF text string: literal when printable ASCII, else UTF-16BE with a byte-order mark. */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => '\\' + c)})`;
  return PDFHexString.fromText(text).toString();
}

/** D:YYYYMMDDHHmmSS+07'00' (Vietnam time). */
export function pdfDate(d: Date): string {
  const t = vietnamParts(d);
  return `D:${t.year}${t.month}${t.day}${t.hour}${t.minute}${t.second}+07'00'`;
}

function textOf(o: PDFObject | undefined): string | undefined {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  return undefined;
}

/**
 * Adds an empty signature (a /Sig dictionary with ByteRange and Contents placeholders, an
 * invisible signature widget on a page, the field in the AcroForm) as an incremental update:
 * every byte of `pdf` stays where it is, so signatures already in it stay valid. The
 * cross-reference section written is of the same kind as the previous one (table or stream).
 */
export async function addSignaturePlaceholder(
  pdf: Buffer,
  opts: PlaceholderOptions,
): Promise<Buffer> {
  const { doc, last } = await loadForUpdate(pdf);
  const ctx = doc.context;
  const trailer = ctx.trailerInfo;
  const root = trailer.Root as PDFRef;

  const pageIndex = opts.pageIndex ?? 0;
  const pages = doc.getPages();
  if (pages.length === 0) throw new PdfSignError('The PDF has no pages');
  if (pageIndex < 0 || pageIndex >= pages.length)
    throw new PdfSignError(`The PDF has no page ${pageIndex + 1}`);
  const page = pages[pageIndex];

  // Existing fields: names must stay unique.
  const catalog = doc.catalog;
  const acroEntry = catalog.get(PDFName.of('AcroForm'));
  const acroForm =
    acroEntry instanceof PDFRef
      ? ctx.lookupMaybe(acroEntry, PDFDict)
      : acroEntry instanceof PDFDict
        ? acroEntry
        : undefined;
  const fieldsEntry = acroForm?.get(PDFName.of('Fields'));
  const fields =
    fieldsEntry instanceof PDFRef
      ? ctx.lookupMaybe(fieldsEntry, PDFArray)
      : fieldsEntry instanceof PDFArray
        ? fieldsEntry
        : undefined;
  const names = new Set<string>();
  let signatureFields = 0;
  for (const f of fields?.asArray() ?? []) {
    const field =
      f instanceof PDFRef ? ctx.lookupMaybe(f, PDFDict) : f instanceof PDFDict ? f : undefined;
    const t = textOf(field?.get(PDFName.of('T')));
    if (t !== undefined) names.add(t);
    if (field?.get(PDFName.of('FT')) === PDFName.of('Sig')) signatureFields++;
  }
  let fieldName = opts.fieldName;
  if (fieldName !== undefined) {
    if (fieldName === '' || fieldName.includes('.'))
      throw new PdfSignError('A signature field name must be non-empty and without "."');
    if (names.has(fieldName))
      throw new PdfSignError(`The PDF already has a field named "${fieldName}"`);
  } else {
    let n = signatureFields + 1;
    while (names.has(`Signature${n}`)) n++;
    fieldName = `Signature${n}`;
  }

  const sigRef = ctx.nextRef();
  const widgetRef = ctx.nextRef();
  const objects: UpdateObject[] = [];

  const sigEntries = [
    '/Type /Sig',
    '/Filter /Adobe.PPKLite',
    `/SubFilter /${opts.subFilter}`,
    `/ByteRange [0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER}]`,
    `/Contents <${'0'.repeat(opts.signatureLength * 2)}>`,
    `/M ${pdfTextString(pdfDate(opts.signingTime))}`,
  ];
  if (opts.name) sigEntries.push(`/Name ${pdfTextString(opts.name)}`);
  if (opts.reason) sigEntries.push(`/Reason ${pdfTextString(opts.reason)}`);
  if (opts.location) sigEntries.push(`/Location ${pdfTextString(opts.location)}`);
  if (opts.contactInfo) sigEntries.push(`/ContactInfo ${pdfTextString(opts.contactInfo)}`);
  sigEntries.push('/Prop_Build << /App << /Name /te-reporting >> >>');
  objects.push({ ref: sigRef, body: `<<\n${sigEntries.join('\n')}\n>>` });

  // Invisible widget merged with its field; flags Print (4) + Locked (128).
  objects.push({
    ref: widgetRef,
    body: `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/T ${pdfTextString(fieldName)}\n/V ${sigRef}\n/F 132\n/Rect [0 0 0 0]\n/P ${page.ref}\n>>`,
  });

  // The page's annotations.
  const annots = page.node.get(PDFName.of('Annots'));
  if (annots instanceof PDFRef) {
    const arr = ctx.lookupMaybe(annots, PDFArray);
    if (!arr) throw new PdfSignError('The page /Annots reference does not point to an array');
    arr.push(widgetRef);
    objects.push({ ref: annots, body: arr.toString() });
  } else {
    const arr = annots instanceof PDFArray ? annots : ctx.obj([]);
    arr.push(widgetRef);
    page.node.set(PDFName.of('Annots'), arr);
    objects.push({ ref: page.ref, body: page.node.toString() });
  }

  // The AcroForm: the field listed, SigFlags SignaturesExist | AppendOnly.
  const sigFlags = (form: PDFDict) => {
    const old = form.get(PDFName.of('SigFlags'));
    form.set(
      PDFName.of('SigFlags'),
      PDFNumber.of((old instanceof PDFNumber ? old.asNumber() : 0) | 3),
    );
  };
  if (acroForm) {
    if (fieldsEntry instanceof PDFRef && fields) {
      fields.push(widgetRef);
      objects.push({ ref: fieldsEntry, body: fields.toString() });
    } else {
      const arr = fields ?? ctx.obj([]);
      arr.push(widgetRef);
      acroForm.set(PDFName.of('Fields'), arr);
    }
    sigFlags(acroForm);
    if (acroEntry instanceof PDFRef) objects.push({ ref: acroEntry, body: acroForm.toString() });
    else objects.push({ ref: root, body: catalog.toString() });
  } else {
    const formRef = ctx.nextRef();
    objects.push({ ref: formRef, body: `<<\n/Fields [${widgetRef}]\n/SigFlags 3\n>>` });
    catalog.set(PDFName.of('AcroForm'), formRef);
    objects.push({ ref: root, body: catalog.toString() });
  }

  // The update: objects, then a cross-reference section pointing back to the previous one.
  return appendUpdate(pdf, doc, last, objects);
}
