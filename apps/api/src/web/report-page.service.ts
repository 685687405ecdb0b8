import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { FieldError } from '@app/common';
import { ReportViews, SigningRequestsService, WorkflowService } from '@app/approval';
import {
  CompiledNarrativeService,
  attribution,
  compiledDraft,
  untouchedConsolidatedNarrative,
} from '@app/consolidation';
import { PERIOD_REPORT_TYPE, documentType } from '@app/documents';
import { OrgRepository } from '@app/org';
import {
  PeriodsService,
  ReportAccess,
  ReportFormsService,
  ReportsService,
  draftOutline,
  reportOutline,
} from '@app/reports';
import { explain, stepOf } from '@app/workflow';
import { CellMessage, buildGrid, cellKey } from './report-grid';
import {
  acknowledgement,
  lastReturn,
  signBlockers,
  submissionProblems,
} from './report-workflow-view';
import { pendingSignatureBox } from './pending-signature';
import { REPORT_ACTIONS as ACTIONS } from './report-actions';
import { CellError, fieldLabel } from './report-page-errors';
import { Flash, WebContext } from './web-context';
import { WebViews } from './web-views';

/** What a re-rendered page keeps from a refused post: the user's typing and the messages. */
export interface ReportPageExtras {
  status?: number;
  flash?: Flash[];
  /** Per-cell problems (refused values, blocking rules, Excel cells). */
  cellErrors?: CellError[];
  /** Problems of the other fields (title, narrative, recipients, reason). */
  fieldErrors?: FieldError[];
  typedCells?: Record<string, string>;
  typedContent?: {
    title: string;
    narrative: string;
    recipientUnitIds: string[];
    recipientOther: string;
    version: number;
  };
  returnComment?: string;
  returnError?: string;
}

/** Builds and sends the report page: content, one grid per form, checks, actions, history. */
@Injectable()
export class ReportPageService {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly reports: ReportsService,
    private readonly reportViews: ReportViews,
    private readonly requests: SigningRequestsService,
    private readonly reportForms: ReportFormsService,
    private readonly access: ReportAccess,
    private readonly periods: PeriodsService,
    private readonly workflow: WorkflowService,
    private readonly org: OrgRepository,
    private readonly compiled: CompiledNarrativeService,
  ) {}

  /** Reads the report and its cells once, and everything the page shows from them. */
  async send(
    req: Request,
    res: Response,
    user: AuthUser,
    id: string,
    extras: ReportPageExtras = {},
  ) {
    const report = await this.access.loadVisible(user, id);
    const stored = await this.reportForms.stored(report);
    const [view, period, defs, history, violations, relation, units, narrative] = await Promise.all(
      [
        this.reportViews.of(report, stored),
        this.periods.get(report.periodId),
        this.reportForms.definitions(report),
        this.reports.historyOf(report),
        this.reportForms.violations(report, stored),
        this.workflow.relation(user, report),
        this.org.findAll(),
        this.reportForms.narrativeWarnings(report, stored),
      ],
    );
    const editable = this.access.canEdit(user, report);
    const dataEditable = editable && report.kind !== 'consolidated';
    const step = stepOf(report);

    // Messages on cells: what the user just sent (refused), then the form's rules on the stored data.
    const messages = new Map<string, CellMessage[]>();
    const add = (form: string, row: string, column: string, m: CellMessage) => {
      const k = cellKey(form, row, column);
      const list = messages.get(k) ?? [];
      if (!list.some((x) => x.message === m.message)) messages.set(k, [...list, m]); // a refused SIGN repeats the rule's message
    };
    for (const e of extras.cellErrors ?? []) {
      if (e.form && e.row && e.column)
        add(e.form, e.row, e.column, {
          severity: 'error',
          message: e.cell ? `Ô ${e.cell}: ${e.message}` : e.message,
        });
    }
    for (const v of [...violations, ...narrative])
      add(v.form, v.row, v.column, { severity: v.severity, message: v.message });

    const provenance = report.kind === 'consolidated';
    const grids = defs.map((def, fi) =>
      buildGrid(fi, def, view.data[def.code] ?? {}, {
        editable: dataEditable,
        typed: extras.typedCells,
        messages,
        provenanceHref: provenance
          ? (row, column) =>
              `/reports/${report.id}/provenance?form=${encodeURIComponent(def.code)}&row=${encodeURIComponent(row)}&column=${encodeURIComponent(column)}`
          : undefined,
      }),
    );

    // The summary at the top: each refused cell, with a link to it.
    const cellLink = (form?: string, row?: string, column?: string) => {
      const fi = defs.findIndex((d) => d.code === form);
      const ri = fi >= 0 ? defs[fi].rows.findIndex((r) => r.key === row) : -1;
      const ci = fi >= 0 ? defs[fi].columns.findIndex((c) => c.key === column) : -1;
      return fi >= 0 && ri >= 0 && ci >= 0
        ? `#c-${fi}-${ri}-${ci}`
        : fi >= 0
          ? `#form-${fi}`
          : undefined;
    };
    const rowLabel = (form?: string, row?: string) =>
      defs.find((d) => d.code === form)?.rows.find((r) => r.key === row)?.label;
    const problems = [
      ...(extras.cellErrors ?? []).map((e) => ({
        text: `${e.form ? `Biểu ${e.form}` : ''}${rowLabel(e.form, e.row) ? ` – ${rowLabel(e.form, e.row)}` : ''}${e.cell ? ` (ô ${e.cell})` : ''}: ${e.message}`,
        href: cellLink(e.form, e.row, e.column),
      })),
      ...(extras.fieldErrors ?? []).map((e) => ({
        text: `${fieldLabel(e.field)}${e.field ? ': ' : ''}${e.message}`,
        href: e.field === 'comment' ? '#return-comment' : '#content',
      })),
    ];
    const checks = violations.map((v) => ({
      ...v,
      href: cellLink(v.form, v.row, v.column),
      rowLabel: rowLabel(v.form, v.row) ?? v.row,
    }));
    // The narrative's figures its annexes contradict: the words of the text beside the cell.
    const narrativeChecks = narrative.map((w) => ({
      ...w,
      href: cellLink(w.form, w.row, w.column),
      rowLabel: rowLabel(w.form, w.row) ?? w.row,
    }));

    // The buttons this user may press in this state (the service checks everything again).
    const actions = ACTIONS.filter(
      (a) =>
        explain(step, {
          type: a.type,
          actor: { roles: user.roles, relation },
          blockingErrors: 0,
          comment: 'x',
          upperReportSigned: false,
          alreadyAcknowledged: report.acknowledgedAt !== null,
        } as never) === null,
    ).map((a) => ({ ...a, isReturn: a.type === 'RETURN' }));
    // A letter's or plan's annexes are blank forms: their rules never stop SIGN (document-types.ts).
    const annexes = documentType(report.type).annexRulesBlock;
    const blockingErrors = annexes ? violations.filter((v) => v.severity === 'error').length : 0;
    const can = (type: string) => actions.some((a) => a.type === type);
    // Trình ký warns of what stands in the head's way; Ký says why it cannot be pressed.
    const submitWarnings = can('REQUEST_SIGNATURE')
      ? submissionProblems({
          defs: annexes ? defs : [],
          stored,
          violations: annexes ? violations : [],
          narrative: report.narrative,
          outline: `${draftOutline(report.type, period, view.orgUnitName ?? '')}\n${report.consolidation?.completeness ?? ''}`,
        })
      : [];
    const signing = can('SIGN') ? await this.workflow.signingReadiness(user, report) : null;
    const signBlocked = signing
      ? signBlockers({
          ruleRefusal:
            explain(step, {
              type: 'SIGN',
              actor: { roles: user.roles, relation },
              blockingErrors,
            })?.message ?? null,
          authorityRefusal: signing.authorityRefusal,
        })
      : [];

    const content = extras.typedContent ?? {
      title: view.title,
      narrative: view.narrative,
      recipientUnitIds: view.recipients.filter((r) => r.orgUnitId).map((r) => r.orgUnitId!),
      recipientOther: view.recipients
        .filter((r) => !r.orgUnitId)
        .map((r) => r.name)
        .join('\n'),
      version: view.version,
    };
    const fieldError = (prefix: string) =>
      (extras.fieldErrors ?? [])
        .filter((e) => e.field === prefix || e.field?.startsWith(`${prefix}.`))
        .map((e) => e.message)
        .join(' ');
    const unitChoices = units
      .filter((u) => u.id !== report.orgUnitId)
      .map((u) => ({ id: u.id, name: u.name, checked: content.recipientUnitIds.includes(u.id) }));

    // A consolidated draft being edited: the lower units' narratives, per section, to start from.
    let compiledNarrative = null;
    if (report.kind === 'consolidated' && editable) {
      const c = await this.compiled.compiled(user, report.id);
      const completeness = report.consolidation?.completeness;
      const unitIds = new Set(c.sections.flatMap((s) => s.parts.map((p) => p.orgUnitId)));
      compiledNarrative = {
        sections: c.sections.map((s) => ({
          heading: s.heading,
          parts: s.parts.map((p) => ({
            orgUnitId: p.orgUnitId,
            reportId: p.reportId,
            unitName: p.name,
            numberText: p.numberText,
            caption: attribution(p),
            partText: p.text,
          })),
        })),
        unitCount: unitIds.size,
        fillText: c.text ? compiledDraft(c.text, completeness) : '',
        untouched: untouchedConsolidatedNarrative(reportOutline(period), completeness),
      };
    }

    const ctx = {
      ...(await this.context.base(req, user, 'reports', view.title, extras.flash ?? [])),
      // The page's own address, shown in the address bar even when the page answers a refused
      // POST to …/events or …/xlsx (app.js), so reloading or sharing it opens the report.
      canonicalUrl: `/reports/${report.id}`,
      report: {
        ...view,
        step,
        isConsolidated: report.kind === 'consolidated',
        // A plan or letter says what it is (a report is the default and says nothing).
        typeName: report.type === PERIOD_REPORT_TYPE ? null : documentType(report.type).name,
        periodLabel: period.label,
        periodCode: period.code,
        issued: !!view.number,
        recipients: view.recipients,
        completeness: report.consolidation?.completeness ?? null,
      },
      content,
      titleError: fieldError('title'),
      narrativeError: fieldError('narrative'),
      recipientsError: fieldError('recipients'),
      unitChoices,
      editable,
      dataEditable,
      grids,
      problems,
      checks,
      narrativeChecks,
      blockingErrors,
      actions,
      submitWarnings,
      submitMustConfirm: submitWarnings.length > 0,
      submitBlocking: submitWarnings.some((w) => w.blocking),
      signBlocked,
      signBlockedText: signBlocked.join(' '),
      signWithoutCertificate: signing !== null && !signing.hasCertificate,
      pendingSignature: await pendingSignatureBox(this.requests, req, user, view),
      returnNotice: lastReturn(history, step),
      acknowledged: acknowledgement(history, report.acknowledgedAt),
      returnComment: extras.returnComment ?? '',
      returnError: extras.returnError ?? '',
      history,
      canConsolidateAgain: report.kind === 'consolidated' && editable,
      compiledNarrative,
      pdfLabel: view.number ? `Bản gốc đã phát hành (${view.number})` : 'Bản xem trước (dự thảo)',
    };
    this.views.send(res, 'report', ctx, extras.status ?? 200);
  }
}
