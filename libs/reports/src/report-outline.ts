import {
  OutlineContext,
  PERIOD_REPORT_TYPE,
  periodReportOutline,
  startingOutline,
} from '@app/documents';
import type { ReportingPeriod } from './entities/period.entity';
import { requestCitation } from './report-requests.service';

/**
 * Whether a period covers half a year (a 6-month report) or a whole year, from its data cut-off
 * window (Nghị định 09/2019: 15/12 to 14/6 for six months, 15/12 to 14/12 for a year).
 */
export function isHalfYear(period: Pick<ReportingPeriod, 'cutoffFrom' | 'cutoffTo'>): boolean {
  const days = (Date.parse(period.cutoffTo) - Date.parse(period.cutoffFrom)) / 86_400_000;
  return days < 270;
}

/**
 * The outline of the 6-month / annual report (document-outlines.ts, the type registry's `report`
 * outline). A new BC draft of a regular period starts from it.
 */
export function reportOutline(
  period: Pick<ReportingPeriod, 'year' | 'cutoffFrom' | 'cutoffTo'>,
): string {
  return periodReportOutline({ year: period.year, halfYear: isHalfYear(period) });
}

/**
 * The outline a draft of `type` starts from in `period` (the type registry's outline): a period
 * report answering a request starts with its citation; `request`, what a letter or plan asks for.
 */
export function draftOutline(
  type: string,
  period: Pick<ReportingPeriod, 'year' | 'cutoffFrom' | 'cutoffTo' | 'request'>,
  unitName: string,
  request?: OutlineContext['request'],
): string {
  const answering = type === PERIOD_REPORT_TYPE ? requestCitation(period) : null;
  return startingOutline(type, {
    year: period.year,
    halfYear: isHalfYear(period),
    unitName,
    ...(answering ? { answering } : {}),
    ...(request ? { request } : {}),
  });
}
