import { ReportState } from '@app/workflow';
import { CellInput } from './report-forms.service';

/** What the reports' service takes (the HTTP layer's DTOs satisfy these) and gives back besides views. */

export interface CreateReportInput {
  periodId: string;
  type: 'BC';
  title: string;
  /** Some of the period's forms only; all of them by default. */
  forms?: string[];
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
