import type { FormData, FormDefinition, RuleViolation } from '@app/forms';
import type { HistoryView } from '@app/reports';
import type { StepKey } from '@app/workflow';

/**
 * What the report page tells about the workflow, from what the page has already read: the reason
 * of the last return, the upper unit's acknowledgement, what Trình ký should warn about and why Ký
 * cannot be pressed. Pure, so the rules are tested without a page.
 */

/** The last return of a report being edited again: who, when, why, and whether the upper unit did it. */
export interface ReturnNotice {
  at: Date;
  actorName: string;
  reason: string;
  /** Returned by the upper unit (from a report that was out), not by the unit's own head or clerk. */
  fromUpper: boolean;
}

/** The last step of the history that moved the report (ACKNOWLEDGE keeps the state: skipped). */
const lastMove = (history: readonly HistoryView[]) =>
  [...history].reverse().find((h) => h.type !== 'ACKNOWLEDGE');

/** The reason of the last return while the report is back in editing because of it; else null. */
export function lastReturn(history: readonly HistoryView[], step: StepKey): ReturnNotice | null {
  const last = lastMove(history);
  if (step !== 'editing' || !last || last.type !== 'RETURN') return null;
  return {
    at: last.at,
    actorName: last.actor.fullName,
    reason: last.comment ?? '',
    fromUpper: last.from === 'submitted' || last.from === 'consolidated',
  };
}

/** The upper unit's receipt of the report as it now stands (the latest ACKNOWLEDGE), if it is stamped. */
export function acknowledgement(
  history: readonly HistoryView[],
  acknowledgedAt: Date | null,
): { at: Date; actorName: string } | null {
  if (!acknowledgedAt) return null;
  const row = [...history].reverse().find((h) => h.type === 'ACKNOWLEDGE');
  return { at: acknowledgedAt, actorName: row?.actor.fullName ?? '' };
}

/** One problem Trình ký warns about, with a link to where it is. */
export interface SubmissionProblem {
  text: string;
  href?: string;
  blocking: boolean;
}

/**
 * What an officer is warned of before Trình ký: every blocking rule error (the head cannot sign
 * until it is fixed), each form without a single value entered, and a narrative that is still
 * only the outline's headings. Empty: nothing to warn about.
 */
export function submissionProblems(p: {
  defs: readonly FormDefinition[];
  stored: Record<string, FormData>;
  violations: readonly RuleViolation[];
  narrative: string;
  /** The outline a new draft starts from (and a consolidated report's completeness paragraph). */
  outline: string;
}): SubmissionProblem[] {
  const out: SubmissionProblem[] = p.violations
    .filter((v) => v.severity === 'error')
    .map((v) => {
      const fi = p.defs.findIndex((d) => d.code === v.form);
      const def = p.defs[fi];
      const ri = def ? def.rows.findIndex((r) => r.key === v.row) : -1;
      const ci = def ? def.columns.findIndex((c) => c.key === v.column) : -1;
      const label = def?.rows[ri]?.label;
      return {
        text: `Biểu ${v.form}${label ? ` – ${label}` : ''}: ${v.message}`,
        href: ri >= 0 && ci >= 0 ? `#c-${fi}-${ri}-${ci}` : fi >= 0 ? `#form-${fi}` : undefined,
        blocking: true,
      };
    });
  p.defs.forEach((def, fi) => {
    const rows = Object.values(p.stored[def.code] ?? {});
    const entered = rows.some((cells) =>
      Object.values(cells ?? {}).some((v) => v !== '' && v !== null && v !== undefined),
    );
    if (!entered)
      out.push({
        text: `Biểu ${def.code} chưa có số liệu nào.`,
        href: `#form-${fi}`,
        blocking: false,
      });
  });
  const outlineLines = new Set(
    p.outline
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const written = p.narrative
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !outlineLines.has(l));
  if (written.length === 0)
    out.push({
      text: 'Nội dung báo cáo chưa được viết (chỉ có các đề mục của đề cương).',
      href: '#content',
      blocking: false,
    });
  return out;
}

/**
 * Why the head's Ký would be refused now, in the refusal's own words (the workflow rules' for
 * blocking errors, the signing authority's for a position that cannot sign); empty: it can be pressed.
 */
export function signBlockers(p: {
  ruleRefusal: string | null;
  authorityRefusal: string | null;
}): string[] {
  return [p.ruleRefusal, p.authorityRefusal].filter((m): m is string => !!m);
}
