import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ReportViews } from '@app/approval';
import { AuthUser, hasRole } from '@app/auth';
import { Clock, DomainException, isUuid, vietnamDate } from '@app/common';
import {
  DOCUMENT_TYPES,
  PERIOD_REPORT_TYPE,
  REQUEST_TYPE_CODES,
  documentType,
  inSentence,
  isDocumentType,
} from '@app/documents';
import { FormsService } from '@app/forms';
import { OrgLineage, OrgRepository } from '@app/org';
import { PeriodParticipation, PeriodsService, ReportingPeriod, ReportsService } from '@app/reports';
import { REPORT_STATES, ReportState } from '@app/workflow';
import { CurrentUser } from '../auth/public.decorator';
import { formField, formFields } from './web-body';
import { WebContext, okFlash } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

/** A new report's title: of a regular period, or answering a request (its subject). */
function defaultTitle(period: Pick<ReportingPeriod, 'label' | 'request'>): string {
  const subject = period.request?.subject.trim();
  if (!subject) return `Báo cáo kết quả công tác trẻ em ${period.label}`;
  return /^báo cáo/iu.test(subject) ? subject : `Báo cáo ${inSentence(subject)}`;
}

/** The reports list: filters, the open periods with "Lập báo cáo" or "Tổng hợp", creating a report, a plan or a letter. */
@Controller('reports')
@UseFilters(WebExceptionFilter)
export class WebReportsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly reports: ReportsService,
    private readonly reportViews: ReportViews,
    private readonly periods: PeriodsService,
    private readonly org: OrgRepository,
    private readonly participation: PeriodParticipation,
    private readonly lineage: OrgLineage,
    private readonly forms: FormsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(
    @Query() q: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const filters = {
      periodId: isUuid(q.periodId) ? q.periodId : undefined,
      state: (REPORT_STATES as readonly string[]).includes(formField(q.state))
        ? (formField(q.state) as ReportState)
        : undefined,
      orgUnitId: isUuid(q.orgUnitId) ? q.orgUnitId : undefined,
      q: formField(q.q).trim().slice(0, 200) || undefined,
    };
    const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    const [rows, periods, units, descendants, own, lower, forms] = await Promise.all([
      this.reportViews.list(user, query),
      this.periods.list(),
      this.org.findAll(),
      this.org.descendantIds(user.orgUnitId),
      this.reportViews.list(user, { orgUnitId: user.orgUnitId }),
      this.lineage.lowerUnitsOn(user.orgUnitId, vietnamDate(this.clock.now())),
      this.forms.listLatest(),
    ]);
    const visibleUnits = hasRole(user, 'admin')
      ? units
      : units.filter((u) => u.id === user.orgUnitId || descendants.includes(u.id));
    const periodLabels = new Map(periods.map((p) => [p.id, p.label]));
    const isOfficer = hasRole(user, 'officer');
    // Only the open periods the unit takes part in (PeriodParticipation).
    const periodRows = (await this.participation.openPeriodsOf(user.orgUnitId)).map((part) => {
      const p = part.period;
      const mine = own.find((r) => r.periodId === p.id && r.type === PERIOD_REPORT_TYPE);
      return {
        id: p.id,
        label: p.label,
        code: p.code,
        defaultTitle: defaultTitle(p),
        mine,
        canCreate: isOfficer && !part.hasLower && !mine,
        canConsolidate:
          isOfficer &&
          part.hasLower &&
          (!mine || (mine.state === 'draft' && mine.step === 'editing')),
        hasLower: part.hasLower,
      };
    });
    this.views.send(res, 'reports', {
      ...(await this.context.base(req, user, 'reports', 'Báo cáo', okFlash(q.ok))),
      reports: rows.map((r) => ({
        ...r,
        periodLabel: periodLabels.get(r.periodId) ?? '',
        typeName: isDocumentType(r.type) ? documentType(r.type).name : r.type,
        periodReport: r.type === PERIOD_REPORT_TYPE,
      })),
      // "Lập kế hoạch, công văn": an officer's plan or letter, asking its lower units for a report.
      newDocument: isOfficer
        ? {
            types: REQUEST_TYPE_CODES.map((code) => ({ code, name: DOCUMENT_TYPES[code].name })),
            periods: periodRows.map((p) => ({ id: p.id, label: p.label })),
            lower: lower.map((u) => ({ id: u.id, name: u.name })),
            forms: forms.map((f) => ({ code: f.code, title: f.title })),
          }
        : null,
      periods: periods.map((p) => ({
        id: p.id,
        label: p.label,
        selected: p.id === filters.periodId,
      })),
      states: REPORT_STATES.map((s) => ({ value: s, selected: s === filters.state })),
      units: visibleUnits.map((u) => ({
        id: u.id,
        name: u.name,
        selected: u.id === filters.orgUnitId,
      })),
      periodRows,
      searchText: filters.q ?? '',
      filtered: Object.keys(query).length > 0,
    });
  }

  /**
   * "Lập báo cáo": the unit's report of a period, from the outline (or the one it already has); or,
   * with `type`, a plan or letter, asking the checked lower units for a report when any is checked.
   */
  @Post()
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const periodId = formField(body.periodId);
    const period = isUuid(periodId) ? await this.periods.get(periodId) : null;
    const type = isDocumentType(formField(body.type)) ? formField(body.type) : PERIOD_REPORT_TYPE;
    const title =
      formField(body.title).trim() ||
      (period && type === PERIOD_REPORT_TYPE ? defaultTitle(period) : '');
    const asked = formFields(body.orgUnitIds).filter(isUuid);
    const request =
      type !== PERIOD_REPORT_TYPE && asked.length
        ? {
            orgUnitIds: asked,
            forms: formFields(body.forms),
            deadline: formField(body.deadline),
          }
        : undefined;
    try {
      const created = await this.reports.create(user, { periodId, type, title, request });
      res.redirect(303, `/reports/${created.id}?ok=created`);
    } catch (e) {
      const existing =
        e instanceof DomainException
          ? (e.details.extra?.existingReportId as string | undefined)
          : undefined;
      if (existing) return res.redirect(303, `/reports/${existing}?ok=exists`);
      throw e;
    }
  }
}
