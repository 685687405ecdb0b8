/**
 * A place on a rendered page, in PDF points with the origin at the page's bottom left: where the
 * clerk's number, the issue date and the organisation's seal go on a document the head signed.
 */
export interface PdfPlace {
  /** 0-based page index. */
  page: number;
  x: number;
  /** For a place of text, the baseline of its line (the place's box stands on it). */
  y: number;
  width: number;
  height: number;
  /** How text in this place is printed (the style of the line around it); absent: see IssueStamp. */
  text?: PlaceText;
}

/** The style of the text of a place, as the document's template prints the line it is in. */
export interface PlaceText {
  /** Font size in points. */
  size: number;
  italic: boolean;
  bold: boolean;
  /**
   * Where the text stands in its place: 'right' when printed text follows it (the number before
   * "/BC-UBND"), 'left' when it completes a line ("Lạng Sơn, " + the date). Text wider than its
   * place is condensed to fit.
   */
  align: 'left' | 'center' | 'right';
}

/** The places a document leaves for its issuing (filled by stampIssuedPdf). */
export interface IssuePlaces {
  /**
   * The number's place in "Số: ___/BC-UBND": the symbol is printed, only what precedes it in
   * IssueStamp.numberText is stamped (default style: 13pt upright, right-aligned).
   */
  number: PdfPlace;
  /** The date's place after "Lạng Sơn, " (default style: 14pt italic, left-aligned). */
  date: PdfPlace;
  /** Where the seal overlaps the signature block (about a third of it, on the left). */
  seal?: PdfPlace;
  /**
   * The same number and date again in other lines of the document: each annex's
   * "(Kèm theo Báo cáo số ___/BC-UBND ___ của …)".
   */
  references?: { number: PdfPlace; date: PdfPlace }[];
}

export interface IssueStamp {
  /** E.g. "01/BC-UBND" (what goes after "Số: "). */
  numberText: string;
  /** E.g. "ngày 02 tháng 12 năm 2026" (what completes the place-and-date line). */
  dateText: string;
  /** The organisation's seal (red PNG), printed at real size in `places.seal`. */
  sealPng?: Buffer;
}
