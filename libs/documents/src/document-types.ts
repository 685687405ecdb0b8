/**
 * The kinds of document the product issues, as data (Nghị định 30/2020, Phụ lục III): a new kind is
 * a template under templates/ and an entry here, not code. Everything that differs between a
 * Báo cáo, a Kế hoạch and a Công văn — its template, its Vietnamese name, how its symbol is made,
 * where the addressees are printed, the outline a new draft starts from, whether it may ask lower
 * units for a report — is read from its entry.
 */
export interface DocumentTypeDef {
  /** The code stored on the report and the archive ("BC"). */
  code: string;
  /** Its name in a sentence: "Báo cáo", "Công văn" ("Thực hiện Công văn số …"). */
  name: string;
  /** Body template under templates/ ("bc/main"). */
  template: string;
  /**
   * The number's symbol (Phụ lục III): `type-org` → "BC-UBND" (type abbreviation and the unit's);
   * `org-office` → "UBND-VX" (the unit's abbreviation and the drafting office's, no type code; the
   * unit's alone when it has no drafting office).
   */
  symbolRule: 'type-org' | 'org-office';
  /**
   * Where the document's addressees go: `noi-nhan` — the recipients are listed under "Nơi nhận";
   * `kinh-gui` — they are the "Kính gửi:" line(s) and "Nơi nhận" says "- Như trên;" (a công văn).
   */
  addressees: 'noi-nhan' | 'kinh-gui';
  /** The outline a new draft starts from (document-outlines.ts). */
  outline: 'report' | 'plan' | 'letter';
  /** A new draft carries the period's forms as its annexes, unless told which (a letter has none). */
  periodForms: boolean;
  /**
   * Its annexes hold the unit's own figures, so the forms' blocking rules stop SIGN; otherwise (a
   * letter's or plan's annexes are the forms the lower units fill) they print blank and never block.
   */
  annexRulesBlock: boolean;
  /** It may ask lower units for a report (`request`): a công văn or a plan; issuing it opens a period. */
  requestsReports: boolean;
  /**
   * Its name and title are printed as a title block under the header ("BÁO CÁO" / the title); a
   * công văn has none: its title is the "V/v …" subject under the number.
   */
  titleBlock: boolean;
}

export const DOCUMENT_TYPES = {
  BC: {
    code: 'BC',
    name: 'Báo cáo',
    template: 'bc/main',
    symbolRule: 'type-org',
    addressees: 'noi-nhan',
    outline: 'report',
    periodForms: true,
    annexRulesBlock: true,
    requestsReports: false,
    titleBlock: true,
  },
  KH: {
    code: 'KH',
    name: 'Kế hoạch',
    template: 'kh/main',
    symbolRule: 'type-org',
    addressees: 'noi-nhan',
    outline: 'plan',
    periodForms: true,
    annexRulesBlock: false,
    requestsReports: true,
    titleBlock: true,
  },
  CV: {
    code: 'CV',
    name: 'Công văn',
    template: 'cv/main',
    symbolRule: 'org-office',
    addressees: 'kinh-gui',
    outline: 'letter',
    periodForms: false,
    annexRulesBlock: false,
    requestsReports: true,
    titleBlock: false,
  },
} as const satisfies Record<string, DocumentTypeDef>;

export type DocumentTypeCode = keyof typeof DOCUMENT_TYPES;

/** The codes, in the registry's order (the API's enum). */
export const DOCUMENT_TYPE_CODES = Object.keys(DOCUMENT_TYPES) as [
  DocumentTypeCode,
  ...DocumentTypeCode[],
];

/** The type in which units report in a period (and that an upper unit consolidates). */
export const PERIOD_REPORT_TYPE: DocumentTypeCode = 'BC';

/** The types that may carry a request for reports. */
export const REQUEST_TYPE_CODES = DOCUMENT_TYPE_CODES.filter(
  (c) => DOCUMENT_TYPES[c].requestsReports,
);

export function isDocumentType(code: string): code is DocumentTypeCode {
  return Object.prototype.hasOwnProperty.call(DOCUMENT_TYPES, code);
}

/** The entry of a stored code; an unknown one is a programming error (the API admits only the registry's). */
export function documentType(code: string): DocumentTypeDef {
  if (!isDocumentType(code)) throw new RangeError(`unknown document type ${code}`);
  return DOCUMENT_TYPES[code];
}

/**
 * The symbol after "Số: 05/": "BC-UBND", "KH-UBND"; a công văn "UBND-VX" (organisation and
 * drafting office), or "UBND" when the unit names no drafting office.
 */
export function documentSymbol(
  docType: string,
  orgAbbreviation: string,
  draftingOffice?: string | null,
): string {
  const def = documentType(docType);
  if (def.symbolRule === 'org-office') {
    const office = draftingOffice?.trim();
    return office ? `${orgAbbreviation}-${office}` : orgAbbreviation;
  }
  return `${def.code}-${orgAbbreviation}`;
}
