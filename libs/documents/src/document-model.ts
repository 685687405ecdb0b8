/**
 * Everything a template needs to lay out one official document (Nghị định 30/2020, Phụ lục I).
 * Built by the documents service from a report; rendered by templates/ into HTML, then to PDF.
 * All strings are plain text as typed by people: templates must escape them.
 */
export interface IssuerModel {
  /** Cơ quan chủ quản line, e.g. "Ủy ban nhân dân tỉnh Lạng Sơn" (null for UBND units). */
  governingBody: string | null;
  /** Official name, e.g. "Ủy ban nhân dân xã Hoàng Đồng" (shown in capitals, bold). */
  name: string;
  /** Organisation abbreviation of the symbol: UBND, LĐTBXH. */
  abbreviation: string;
  /** Địa danh of the date line: "Hoàng Đồng". */
  placeName: string;
  /** Drafting unit in "- Lưu: VT, <unit>." (e.g. VHXH); null → "- Lưu: VT." */
  filingUnit: string | null;
  /** The issuing body's lines exactly as printed (the unit's `headerLines`); null: from the name. */
  headerLines?: string[] | null;
}

export interface SignatureModel {
  /** TM., KT., TL., TUQ., Q. or null. */
  authority: string | null;
  /** Title after the authority: "CHỦ TỊCH", "ỦY BAN NHÂN DÂN"; null when signing in one's own name. */
  headTitle: string | null;
  /** The signer's position: "PHÓ CHỦ TỊCH". */
  positionTitle: string | null;
  /** Null in a draft that nobody signed yet. */
  signerName: string | null;
  /** The collective body signed for ("ỦY BAN NHÂN DÂN": the "TM." line) when the unit is collective. */
  collective?: string | null;
  /** Optional images (data: URLs only), blue signature and red seal. */
  signatureImage?: string | null;
  sealImage?: string | null;
}

export interface AnnexColumnModel {
  key: string;
  /** In the inline subset of labels (*italic*, **bold**, line breaks). */
  label: string;
  no?: string;
  unit?: string;
  /** Header groups above the label, outer to inner; equal neighbouring paths share merged cells. */
  group?: string[];
  /** Relative width (1 when absent). */
  width?: number;
  /** Printed text of the form (a fixed text column): equal non-empty neighbours merge into one cell. */
  merge?: boolean;
}

export interface AnnexRowModel {
  no: string;
  /** In the inline subset of labels (*italic*, **bold**, line breaks). */
  label: string;
  unit: string;
  /** section: bold Roman-numbered header; heading: italic group label; undefined: value row. */
  kind?: 'section' | 'heading';
  /** Printed style instead of the kind's. */
  style?: { italic?: boolean; bold?: boolean };
  /** One formatted value per column (Vietnamese number format, "Có"/"Không", text; "" when empty). */
  cells: string[];
}

export interface AnnexModel {
  /** "I", "II" … when the document has two or more annexes; null for a single one ("Phụ lục"). */
  roman: string | null;
  formCode: string;
  /** The form's title, e.g. "THỐNG KÊ SỐ LIỆU CƠ BẢN VỀ CÔNG TÁC TRẺ EM". */
  title: string;
  /** E.g. "Kỳ báo cáo: 2 lần/năm". */
  reportingNote?: string;
  /** Whether the form has the ĐVT column (03/TE has units per column instead). */
  hasUnitColumn: boolean;
  columns: AnnexColumnModel[];
  rows: AnnexRowModel[];
  /** Wide tables are laid out on landscape A4. */
  landscape: boolean;
  /** The heading as printed ("Phụ lục số 01"); absent: "Phụ lục" and `roman`. */
  heading?: string;
  /** The title printed as typed (inline subset), not in capitals; "" for none. */
  titleAsTyped?: string;
  /** Whether "Mẫu số <formCode>" is printed (default true). */
  formCodeLine?: boolean;
  subtitle?: { text: string; align: 'left' | 'center' | 'right' };
  /** Notes and sources under the table. */
  notes?: string[];
  /** The first columns' header labels. */
  headers?: { no?: string; label?: string; unit?: string };
  /** false: no numbering row; a list: its labels, one per printed column. */
  numberingRow?: false | string[];
  /** Relative width of the label column against the columns' widths. */
  labelWidth?: number;
}

export interface DocumentModel {
  /** A draft preview: marked DỰ THẢO, no number, no date. */
  draft: boolean;
  /** The clerk's preview of the original before issuing: the next number and the date, marked BẢN XEM TRƯỚC. */
  issuePreview?: boolean;
  /**
   * The original as the head signs it (Nghị định 30/2020, Phụ lục I: the clerk numbers and dates
   * an electronic document after the head's signature): no number, no date and no seal printed,
   * their places marked (`<a data-place>`: number, date, seal; each annex's ref-number, ref-date)
   * for the renderer to report and stampIssuedPdf to fill. The symbol and the place name are printed.
   */
  issuePlaces?: boolean;
  /** BC (báo cáo) or KH (kế hoạch). */
  docType: 'BC' | 'KH';
  issuer: IssuerModel;
  /** "05/BC-UBND"; null in a draft. */
  numberText: string | null;
  /** "BC-UBND" (a draft shows "Số:      /BC-UBND"). */
  symbol: string;
  /** Issue date in Vietnam, YYYY-MM-DD; null in a draft. */
  issueDate: string | null;
  /** Trích yếu. */
  title: string;
  /** Optional "Kính gửi:" lines of a report sent upward. */
  kinhGui: string[];
  /** The narrative in the Markdown subset (headings "I.", "1.", "a)", paragraphs, "-"/"+" lists, **bold**, *italic*). */
  narrative: string;
  /** Nơi nhận, one per line. */
  recipients: { name: string }[];
  signature: SignatureModel;
  annexes: AnnexModel[];
}
