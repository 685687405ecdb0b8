import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException } from '@app/common';
import { ReportViews } from '@app/approval';
import { ConsolidationService } from '@app/consolidation';
import { PeriodStatusService, PeriodsService } from '@app/reports';
import { isOut } from '@app/workflow';
import { CurrentUser } from '../auth/public.decorator';
import { Flash, WebContext, okFlash } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

/** Upper units: who has reported for a period (on time, late, missing), and the consolidation. */
@Controller('periods')
@UseFilters(WebExceptionFilter)
export class WebPeriodsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly periods: PeriodsService,
    private readonly status: PeriodStatusService,
    private readonly reports: ReportViews,
    private readonly consolidation: ConsolidationService,
  ) {}

  @Get(':id/dashboard')
  async dashboard(
    @Param('id') id: string,
    @Query('ok') ok: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.sendDashboard(req, res, user, id, okFlash(ok));
  }

  /** "Tổng hợp": creates or refreshes the unit's consolidated report, then opens it. */
  @Post(':id/consolidate')
  async consolidate(
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    try {
      const reportId = await this.consolidation.consolidate(user, id);
      res.redirect(303, `/reports/${reportId}?ok=consolidated`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status === 404) throw e;
      await this.sendDashboard(
        req,
        res,
        user,
        id,
        [{ kind: 'error', text: e.userMessage }],
        e.status,
      );
    }
  }

  private async sendDashboard(
    req: Request,
    res: Response,
    user: AuthUser,
    id: string,
    flash: Flash[],
    status = 200,
  ) {
    const period = await this.periods.get(id);
    const [rows, own] = await Promise.all([
      this.status.status(user, period.id),
      this.reports.list(user, { periodId: period.id, orgUnitId: user.orgUnitId }),
    ]);
    const units = rows.map((r) => ({
      ...r,
      submitted: isOut(r.state),
      timeliness: r.submittedAt ? (r.onTime === false ? 'late' : 'onTime') : 'missing',
    }));
    const submitted = units.filter((u) => u.submitted).length;
    const late = units.filter((u) => u.timeliness === 'late').length;
    const mine = own[0];
    this.views.send(
      res,
      'dashboard',
      {
        ...(await this.context.base(req, user, 'dashboard', `Theo dõi ${period.label}`, flash)),
        period: {
          id: period.id,
          label: period.label,
          code: period.code,
          cutoffFrom: period.cutoffFrom,
          cutoffTo: period.cutoffTo,
          open: period.open,
        },
        units,
        counts: {
          total: units.length,
          submitted,
          onTime: submitted - late,
          late,
          missing: units.length - submitted,
        },
        own: mine ?? null,
        canConsolidate:
          hasRole(user, 'officer') &&
          units.length > 0 &&
          (!mine || (mine.state === 'draft' && mine.step === 'editing')),
      },
      status,
    );
  }
}
