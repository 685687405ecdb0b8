import { RenderedPlace } from '@app/renderer';
import { IssuePlaces, PdfPlace } from '@app/signatures';

/**
 * How the number and the date reach a document the head signed (Nghị định 30/2020, Phụ lục I:
 * the clerk numbers and dates an electronic document after the head's signature):
 *
 * 1. When the head signs: `ReportDocumentService.renderForSignature(model)` renders the final
 *    layout with the number and the date left empty ("Số:      /BC-UBND", "Lạng Sơn, " and a
 *    blank, no seal) and answers `{pdf, places}`. The head signs exactly that `pdf`; keep `places`
 *    with it (they are plain JSON).
 * 2. At issue: `stampIssuedPdf(signedPdf, places, {numberText: '01/BC-UBND', dateText: 'ngày 02
 *    tháng 12 năm 2026', sealPng})` (@app/signatures) fills them in and prints the seal, as an
 *    incremental update that keeps the head's signature valid; then the organisation signs the
 *    result (its signature covers the whole file). The number must carry the symbol printed at
 *    signing (documentSymbol of the same type and unit abbreviation): only the part before "/" is
 *    stamped, right before the printed symbol.
 */
export function issuePlacesOf(rendered: RenderedPlace[]): IssuePlaces {
  const named = (name: string) => rendered.filter((p) => p.name === name).map(pdfPlace);
  const [number] = named('number');
  const [date] = named('date');
  if (!number || !date)
    throw new Error('The document printed for signature has no place for its number or its date');
  const refNumbers = named('ref-number');
  const refDates = named('ref-date');
  if (refNumbers.length !== refDates.length)
    throw new Error('An annex printed for signature lacks the place of its number or its date');
  const [seal] = named('seal');
  return {
    number,
    date,
    ...(seal ? { seal } : {}),
    references: refNumbers.map((n, i) => ({ number: n, date: refDates[i] })),
  };
}

function pdfPlace(p: RenderedPlace): PdfPlace {
  return {
    page: p.page,
    x: p.x,
    y: p.y,
    width: p.width,
    height: p.height,
    text: { size: p.fontSize, italic: p.italic, bold: p.bold, align: p.align },
  };
}
