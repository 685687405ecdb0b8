import { ReportState } from '@app/workflow';
import { CellInput } from './report-forms.service';

/** What the reports' service takes (the HTTP layer's DTOs satisfy these) and gives back besides views. */

/** What a công văn or plan asks its lower units for (report-requests.service.ts). */
export interface RequestInput {
  /** Codes of existing forms (designed through the forms administration if new). */
  forms: string[];
  /** YYYY-MM-DD. */
  deadline: string;
  orgUnitIds: string[];
}

export interface CreateReportInput {
  periodId: string;
  /** A code of the document type registry (@app/documents): BC, KH, CV. */
  type: string;
  title: string;
  /** Some of the period's forms only; all of them by default (a BC, or a plan without a request). */
  forms?: string[];
  /** A CV or KH asking lower units for a report. */
  request?: RequestInput;
  /** The issued document this report replaces (thay thế): a new report of the same unit, period and type. */
  replaces?: string;
}

export interface RecipientInput {
  name?: string;
  orgUnitId?: string;
}

export interface PatchReportInput {
  /** The version the client read: a newer one in the database refuses the change (409). */
  version: number;
  title?: string;
  narrative?: string;
  recipients?: RecipientInput[];
  /** Cells to set (`null` or '' clears), per form, row and column. */
  data?: CellInput;
}

export interface ReportListQuery {
  periodId?: string;
  state?: ReportState;
  orgUnitId?: string;
  /** Words of the title or of the unit's name, accents and case ignored ("hoang dong"). */
  q?: string;
}

/** One step of a report's history (CONTRACT.md). */
export interface HistoryView {
  at: Date;
  actor: { id: string | null; fullName: string };
  type: string;
  from: string;
  to: string;
  comment: string | null;
  details?: Record<string, unknown>;
}
