/**
 * A place on a rendered page, in PDF points with the origin at the page's bottom left: where the
 * clerk's number, the issue date and the organisation's seal go on a document the head signed.
 */
export interface PdfPlace {
  /** 0-based page index. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The places a document leaves for its issuing (filled by stampIssuedPdf). */
export interface IssuePlaces {
  number: PdfPlace;
  date: PdfPlace;
  /** Where the seal overlaps the signature block (about a third of it, on the left). */
  seal?: PdfPlace;
}

export interface IssueStamp {
  /** E.g. "01/BC-UBND" (what goes after "Số: "). */
  numberText: string;
  /** E.g. "ngày 02 tháng 12 năm 2026" (what completes the place-and-date line). */
  dateText: string;
  /** The organisation's seal (red PNG), printed at real size in `places.seal`. */
  sealPng?: Buffer;
}
