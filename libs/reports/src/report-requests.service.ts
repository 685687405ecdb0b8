import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { AuthUser } from '@app/auth';
import { Clock, formatDate, vietnamDate } from '@app/common';
import { RequestCitation, documentType, isDocumentType, subjectOf } from '@app/documents';
import { FormsService } from '@app/forms';
import { OrgLineage, OrgRepository, OrgUnit } from '@app/org';
import { PeriodRequest, PinnedForm, ReportingPeriod } from './entities/period.entity';
import { Recipient, Report, ReportRequest } from './entities/report.entity';
import { PeriodsRepository } from './periods.repository';
import { periodView } from './periods.service';
import { RequestInput } from './report-inputs';
import { ReportErrors } from './reports.errors';

/** What issuing a request recorded: the archive's document, its number and date. */
export interface IssuedRequest {
  documentId: string;
  numberText: string;
  issueDate: string;
}

/**
 * Requests for reports: a công văn or plan of an upper unit asks some of its lower units for a
 * report (forms, deadline). Checked when drafted; issuing it opens an ad-hoc period of those forms
 * for those units (only they report in it, only the asking unit follows and consolidates it), whose
 * reports cite the letter.
 */
@Injectable()
export class ReportRequestsService {
  constructor(
    private readonly lineage: OrgLineage,
    private readonly org: OrgRepository,
    private readonly forms: FormsService,
    private readonly periods: PeriodsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The request as the draft keeps it: the asked units must be lower units of the caller's unit
   * today (422 naming each other one), the forms exist (pinned to their latest versions now), the
   * deadline not passed. Also the recipients of the letter: the asked units.
   */
  async checked(
    user: AuthUser,
    type: string,
    input: RequestInput,
  ): Promise<{ request: ReportRequest; recipients: Recipient[]; units: OrgUnit[] }> {
    if (!isDocumentType(type) || !documentType(type).requestsReports)
      throw ReportErrors.REQUEST_NOT_ALLOWED({ type });
    const today = vietnamDate(this.clock.now());
    const lower = await this.lineage.lowerUnitsOn(user.orgUnitId, today);
    if (lower.length === 0) throw ReportErrors.REQUEST_NO_LOWER_UNITS();
    const ids = [...new Set(input.orgUnitIds)];
    const below = new Map(lower.map((u) => [u.id, u]));
    const strangers = ids.filter((id) => !below.has(id));
    if (strangers.length) {
      const names = new Map((await this.org.findByIds(strangers)).map((u) => [u.id, u.name]));
      throw ReportErrors.REQUEST_UNITS_NOT_LOWER(
        { names: strangers.map((id) => names.get(id) ?? id).join(', ') },
        {
          errors: strangers.map((id) => ({
            field: `request.orgUnitIds.${input.orgUnitIds.indexOf(id)}`,
            message: `${names.get(id) ?? 'Đơn vị này'} không phải là đơn vị cấp dưới của đơn vị bạn.`,
          })),
        },
      );
    }
    if (!isCalendarDate(input.deadline))
      throw ReportErrors.REQUEST_INVALID(
        { message: 'Hạn báo cáo phải là một ngày có thật (YYYY-MM-DD).' },
        { errors: [{ field: 'request.deadline', message: 'Hạn báo cáo không hợp lệ.' }] },
      );
    if (input.deadline < today)
      throw ReportErrors.REQUEST_INVALID(
        { message: `Hạn báo cáo ${formatDate(input.deadline)} đã qua.` },
        { errors: [{ field: 'request.deadline', message: 'Hạn báo cáo đã qua.' }] },
      );
    const forms: PinnedForm[] = [];
    for (const code of new Set(input.forms)) {
      const def = await this.forms.get(code).catch(() => null);
      if (!def)
        throw ReportErrors.REQUEST_INVALID(
          { message: `Không có biểu mẫu ${code}.` },
          { errors: [{ field: 'request.forms', message: `Không có biểu mẫu ${code}.` }] },
        );
      forms.push({ code: def.code, version: def.version });
    }
    const units = ids.map((id) => below.get(id)!);
    return {
      request: { forms, deadline: input.deadline, orgUnitIds: ids },
      recipients: units.map((u) => ({ name: u.name, orgUnitId: u.id })),
      units,
    };
  }

  /** A request's letter must stay addressed to every unit it asks (they read it through that). */
  assertAddressed(request: ReportRequest, recipients: Recipient[]): void {
    const missing = request.orgUnitIds.filter((id) => !recipients.some((r) => r.orgUnitId === id));
    if (missing.length)
      throw ReportErrors.REQUEST_INVALID(
        { message: 'Nơi nhận (Kính gửi) phải gồm mọi đơn vị được yêu cầu báo cáo.' },
        {
          errors: [
            {
              field: 'recipients',
              message: 'Nơi nhận (Kính gửi) phải gồm mọi đơn vị được yêu cầu báo cáo.',
            },
          ],
        },
      );
  }

  /**
   * Inside the issuing transaction: the ad-hoc period of an issued request — its forms, a deadline
   * for the asked units, its cut-off on the issue date (the hierarchy of that day) — in the audit
   * trail as the clerk's. Null for a document that asks for nothing.
   */
  async openPeriod(
    em: EntityManager,
    report: Report,
    issued: IssuedRequest,
    actor: AuthUser,
  ): Promise<ReportingPeriod | null> {
    if (!report.request) return null;
    const unit = (await this.org.findById(report.orgUnitId, em))!;
    const asked = await this.org.findByIds(report.request.orgUnitIds, em);
    const year = Number(issued.issueDate.slice(0, 4));
    const name = documentType(report.type).name;
    const request: PeriodRequest = {
      reportId: report.id,
      requestingUnitId: unit.id,
      orgUnitIds: report.request.orgUnitIds,
      docType: report.type,
      numberText: issued.numberText,
      issueDate: issued.issueDate,
      issuerName: unit.name,
      subject: subjectOf(report.title),
    };
    const period = await this.periods.insert(
      {
        // Numbers are unique per unit and year: so is the code.
        code: `YC-${unit.code.slice(0, 16)}-${year}-${issued.numberText.split('/')[0]}`,
        label: `Theo ${name} số ${issued.numberText} ngày ${formatDate(issued.issueDate)}`,
        year,
        cutoffFrom: `${year}-01-01`,
        cutoffTo: issued.issueDate,
        forms: report.request.forms,
        deadlines: [...new Set(asked.map((u) => u.level))].map((level) => ({
          level,
          date: report.request!.deadline,
        })),
        open: true,
        requestDocumentId: issued.documentId,
        request,
      },
      em,
    );
    if (!period) throw new Error(`the period of request ${issued.numberText} exists already`);
    await this.audit.record(em, actor, [
      {
        action: 'create',
        entity: 'period',
        entityId: period.id,
        label: period.code,
        after: periodView(period),
      },
    ]);
    return period;
  }
}

/** YYYY-MM-DD of a day that exists (the web form posts it unchecked). */
function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** How a report of the period cites the request, or null for a regular period. */
export function requestCitation(period: Pick<ReportingPeriod, 'request'>): RequestCitation | null {
  const r = period.request;
  return r
    ? {
        docType: r.docType,
        numberText: r.numberText,
        issueDate: r.issueDate,
        issuerName: r.issuerName,
        subject: r.subject,
      }
    : null;
}

/** Whether a unit reports in a period: in a requested one, only the units asked. */
export function reportsIn(period: Pick<ReportingPeriod, 'request'>, unitId: string): boolean {
  return !period.request || period.request.orgUnitIds.includes(unitId);
}

/**
 * The lower units a unit follows and consolidates in a period, from those of its hierarchy on the
 * cut-off date: in a requested period, only the asking unit follows it, and only the units asked.
 */
export function followedIn<U extends { id: string }>(
  period: Pick<ReportingPeriod, 'request'>,
  unitId: string,
  lower: U[],
): U[] {
  const r = period.request;
  if (!r) return lower;
  if (r.requestingUnitId !== unitId) return [];
  return lower.filter((u) => r.orgUnitIds.includes(u.id));
}
