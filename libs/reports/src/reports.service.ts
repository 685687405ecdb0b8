import { Injectable } from '@nestjs/common';
import { AuthUser, hasRole } from '@app/auth';
import { formatDate, validationFailed } from '@app/common';
import { PERIOD_REPORT_TYPE, documentType, isDocumentType } from '@app/documents';
import { NotAWorkbookError, importFormWorkbookTask } from '@app/forms';
import { OrgDirectory, OrgLineage, OrgRepository, isValidOn } from '@app/org';
import { WorkerPool } from '@app/workers';
import { ReportingPeriod } from './entities/period.entity';
import { Recipient, Report } from './entities/report.entity';
import { PeriodsService } from './periods.service';
import { ReportAccess, assertEditable } from './report-access';
import {
  CreateReportInput,
  HistoryView,
  PatchReportInput,
  RecipientInput,
  ReportListQuery,
} from './report-inputs';
import { ReportFormsService } from './report-forms.service';
import { draftOutline, reportOutline } from './report-outline';
import { ReportRequestsService, reportsIn } from './report-requests.service';
import { ReportHistoryRepository } from './report-history.repository';
import { ReportSignaturesRepository } from './report-signatures.repository';
import { ReportView, toReportView } from './report-view';
import { ReportErrors } from './reports.errors';
import { ContentFields, ReportsRepository, WrittenContent } from './reports.repository';
import { CellChange } from './report-cells.repository';

/** Reports: drafts of a unit for a period, their content and cells, who may see and change them. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly signatures: ReportSignaturesRepository,
    private readonly historyRepo: ReportHistoryRepository,
    private readonly periods: PeriodsService,
    private readonly access: ReportAccess,
    private readonly reportForms: ReportFormsService,
    private readonly org: OrgRepository,
    private readonly directory: OrgDirectory,
    private readonly lineage: OrgLineage,
    private readonly workers: WorkerPool,
    private readonly requests: ReportRequestsService,
  ) {}

  /**
   * A new draft for the caller's own unit, from its type's outline (document-types.ts); one period
   * report (BC) per unit and period. A CV or KH may ask lower units for a report (`request`).
   */
  async create(user: AuthUser, input: CreateReportInput): Promise<ReportView> {
    if (!hasRole(user, 'officer')) throw ReportErrors.REPORT_CREATE_FORBIDDEN();
    const period = await this.periods.get(input.periodId).catch(() => {
      throw validationFailed([{ field: 'periodId', message: 'Không có kỳ báo cáo này.' }]);
    });
    if (!period.open) throw ReportErrors.PERIOD_CLOSED({ label: period.label });
    // A period follows the hierarchy valid at its cut-off date: a unit that had ended by then, or
    // did not exist yet, has no report in it.
    const unit = await this.org.findById(user.orgUnitId);
    const onDate = period.cutoffTo;
    if (!unit || !isValidOn(unit, onDate))
      throw ReportErrors.UNIT_NOT_IN_PERIOD({
        unit: unit?.name ?? 'Đơn vị',
        label: period.label,
        date: formatDate(onDate),
      });
    if (!isDocumentType(input.type))
      throw validationFailed([{ field: 'type', message: `Không có loại văn bản ${input.type}.` }]);
    const type = documentType(input.type);
    const periodReport = type.code === PERIOD_REPORT_TYPE;
    // A requested period is reported in by the units asked only.
    if (periodReport && !reportsIn(period, unit.id))
      throw ReportErrors.UNIT_NOT_REQUESTED({ unit: unit.name, label: period.label });
    const asked = input.request
      ? await this.requests.checked(user, type.code, input.request)
      : undefined;
    let forms = asked?.request.forms ?? (type.periodForms ? period.forms : []);
    if (input.forms && !asked) {
      const unknown = input.forms.filter((c) => !period.forms.some((f) => f.code === c));
      if (unknown.length)
        throw validationFailed(
          unknown.map((c) => ({
            field: 'forms',
            message: `Biểu mẫu ${c} không thuộc kỳ báo cáo này.`,
          })),
        );
      forms = period.forms.filter((f) => input.forms!.includes(f.code));
    }
    const narrative = draftOutline(
      type.code,
      period,
      unit.name,
      asked && {
        deadline: asked.request.deadline,
        forms: asked.request.forms.map((f) => f.code),
        unitNames: asked.units.map((u) => u.name),
      },
    );
    // A letter is addressed to the units it asks; an answer goes to the unit that asked.
    const recipients: Recipient[] =
      asked?.recipients ??
      (period.request && periodReport
        ? [{ name: period.request.issuerName, orgUnitId: period.request.requestingUnitId }]
        : []);
    const saved = await this.newDraft(user, period, {
      type: type.code,
      kind: 'original',
      title: input.title,
      forms,
      narrative,
      recipients,
      request: asked?.request ?? null,
    });
    return this.view(saved);
  }

  /** Inserts a draft of the caller's unit (from the period's outline unless given); a second period report → 409 naming the first. */
  async newDraft(
    user: AuthUser,
    period: ReportingPeriod,
    fields: Pick<Report, 'type' | 'kind' | 'title' | 'forms'> &
      Partial<Pick<Report, 'narrative' | 'recipients' | 'request'>>,
    em?: Parameters<ReportsRepository['insertDraft']>[1],
  ): Promise<Report> {
    const saved = await this.repo.insertDraft(
      {
        narrative: reportOutline(period),
        recipients: [],
        request: null,
        ...fields,
        orgUnitId: user.orgUnitId,
        periodId: period.id,
        createdBy: user.id,
      },
      em,
    );
    if (saved) return saved;
    const first = await this.repo.findOne(user.orgUnitId, period.id, fields.type);
    throw ReportErrors.REPORT_EXISTS(
      { title: first!.title, period: period.label, id: first!.id },
      { extra: { existingReportId: first!.id } },
    );
  }

  /** The reports the caller may see (a unit's drafts only to that unit), newest change first. */
  async list(user: AuthUser, query: ReportListQuery): Promise<Report[]> {
    const visibleTo = hasRole(user, 'admin')
      ? undefined
      : {
          unitId: user.orgUnitId,
          heldIds: [...(await this.lineage.heldUnitIds(user.orgUnitId))],
          lineageIds: await this.lineage.of(user.orgUnitId),
        };
    return this.repo.list({ ...query, visibleTo });
  }

  /** Content changes of a draft, all or nothing, guarded by the version the client read. */
  async patch(user: AuthUser, id: string, input: PatchReportInput): Promise<ReportView> {
    const report = await this.access.loadVisible(user, id);
    return this.view(Object.assign(report, await this.applyPatch(user, report, input)));
  }

  /** The same change of a report the caller has already read (and may see); what the row now holds. */
  async applyPatch(
    user: AuthUser,
    report: Report,
    input: PatchReportInput,
  ): Promise<WrittenContent> {
    this.access.assertCanEdit(user, report);
    const recipients = input.recipients
      ? await this.resolveRecipients(input.recipients)
      : undefined;
    if (recipients && report.request) this.requests.assertAddressed(report.request, recipients);
    if (input.data && report.kind === 'consolidated')
      throw ReportErrors.CONSOLIDATED_DATA_READ_ONLY();
    const changes = input.data ? await this.reportForms.cellChanges(report, input.data) : [];
    return this.write(
      report,
      input.version,
      { title: input.title, narrative: input.narrative, recipients },
      changes,
    );
  }

  /** Imports a filled workbook of one form: it replaces the form's typed-in cells, or lists each bad cell. */
  async importWorkbook(
    user: AuthUser,
    id: string,
    formCode: string,
    workbook: Buffer | undefined,
    expectedVersion?: number,
  ): Promise<ReportView> {
    const report = await this.access.loadVisible(user, id);
    this.access.assertCanEdit(user, report);
    if (report.kind === 'consolidated') throw ReportErrors.CONSOLIDATED_DATA_READ_ONLY();
    const def = await this.reportForms.formOf(report, formCode);
    if (!workbook || workbook.length === 0) throw ReportErrors.WORKBOOK_MISSING();
    let imported;
    try {
      imported = await this.workers.run(importFormWorkbookTask, def, workbook);
    } catch (e) {
      if (e instanceof NotAWorkbookError)
        throw ReportErrors.WORKBOOK_UNREADABLE({
          message: e.message || 'Tệp gửi lên không phải là bảng tính Excel (.xlsx).',
        });
      throw e;
    }
    if (imported.errors.length)
      throw ReportErrors.WORKBOOK_CELLS_INVALID(
        { count: imported.errors.length },
        { errors: imported.errors },
      );
    return this.view(
      Object.assign(
        report,
        await this.write(
          report,
          expectedVersion ?? report.version,
          {},
          this.reportForms.replacement(def, imported.data),
        ),
      ),
    );
  }

  /** Who did what and why, oldest first. */
  async history(user: AuthUser, id: string): Promise<HistoryView[]> {
    return this.historyOf(await this.access.loadVisible(user, id));
  }

  /** The history of a report the caller has already read (and may see). */
  async historyOf(report: Pick<Report, 'id'>): Promise<HistoryView[]> {
    return (await this.historyRepo.list(report.id)).map((h) => ({
      at: h.at,
      actor: { id: h.actorId, fullName: h.actorName },
      type: h.event,
      from: h.fromState,
      to: h.toState,
      comment: h.comment,
      ...(h.details ? { details: h.details } : {}),
    }));
  }

  /** The form rules over every numeric column of every form, blocking errors first; then the narrative's figures its annexes contradict (warnings, `source: "narrative"`). */
  async validation(user: AuthUser, id: string) {
    const report = await this.access.loadVisible(user, id);
    const stored = await this.reportForms.stored(report);
    return [
      ...(await this.reportForms.violations(report, stored)),
      ...(await this.reportForms.narrativeWarnings(report, stored)),
    ];
  }

  /**
   * What the API shows of a report, except its issued number (the archive's; see ReportViews):
   * data with computed cells, and the signatures that stand (a draft has none).
   */
  async view(
    report: Report,
    stored?: Awaited<ReturnType<ReportFormsService['stored']>>,
  ): Promise<ReportView> {
    const [names, data, signatures] = await Promise.all([
      this.directory.namesOf([report.orgUnitId]),
      stored ? Promise.resolve(stored) : this.reportForms.stored(report),
      // Signing moves a report out of draft and a return voids its signatures: a draft has none.
      report.state === 'draft' ? Promise.resolve([]) : this.signatures.active(report.id),
    ]);
    return toReportView(report, {
      unitName: names.get(report.orgUnitId),
      data: await this.reportForms.withComputed(report, data),
      signatures,
    });
  }

  /** One guarded statement writes the content and the cells (see ReportsRepository.writeDraft). */
  private async write(
    report: Report,
    expectedVersion: number,
    fields: ContentFields,
    changes: CellChange[],
  ): Promise<WrittenContent> {
    const saved = await this.repo.writeDraft(report.id, expectedVersion, fields, changes);
    if (!saved) {
      const current = (await this.repo.findById(report.id))!;
      if (current.version !== expectedVersion) throw staleVersion(current.version, expectedVersion);
      assertEditable(current);
      const period = await this.periods.get(current.periodId);
      if (!period.open) throw ReportErrors.PERIOD_CLOSED_FOR_EDITS({ label: period.label });
      throw staleVersion(current.version, expectedVersion);
    }
    return saved;
  }

  private async resolveRecipients(input: RecipientInput[]): Promise<Recipient[]> {
    const units = await this.org.namesByIds(
      input.map((r) => r.orgUnitId).filter((x): x is string => !!x),
    );
    const errors = input.flatMap((r, i) =>
      r.orgUnitId && !units.has(r.orgUnitId)
        ? [{ field: `recipients.${i}.orgUnitId`, message: 'Không có đơn vị này.' }]
        : [],
    );
    if (errors.length) throw validationFailed(errors);
    return input.map((r) =>
      r.orgUnitId
        ? { name: r.name ?? units.get(r.orgUnitId) ?? '', orgUnitId: r.orgUnitId }
        : { name: r.name! },
    );
  }
}

/** The report changed since the client read it. */
export const staleVersion = (current: number, sent: number) =>
  ReportErrors.STALE_VERSION({ current, sent }, { extra: { currentVersion: current } });
