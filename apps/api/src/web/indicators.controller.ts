import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException, formatDate, vietnamDate } from '@app/common';
import { OrgLineage, OrgRepository } from '@app/org';
import { IndicatorPoint, IndicatorsService } from '@app/consolidation';
import { PeriodsService } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { IndicatorQuerySchema } from '../reports/dto/indicator.dto';
import { Flash, WebContext } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

/**
 * "So sánh chỉ tiêu": an indicator of a unit across periods, as a table and a line chart (Chart.js,
 * loaded as a file: the pages allow no inline script); the periods before a reorganisation rolled
 * up to today's unit (GET /api/indicators).
 */
@Controller('indicators')
@UseFilters(WebExceptionFilter)
export class WebIndicatorsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly indicators: IndicatorsService,
    private readonly periods: PeriodsService,
    private readonly org: OrgRepository,
    private readonly lineage: OrgLineage,
  ) {}

  @Get()
  async page(
    @Query() raw: Record<string, string>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const year = Number(vietnamDate().slice(0, 4));
    const parsed = IndicatorQuerySchema.safeParse({
      form: raw.form || '01/TE',
      row: raw.row || 'I.1',
      column: raw.column || 'y2024',
      orgUnitId: raw.orgUnitId || user.orgUnitId,
      from: raw.from || String(year - 2),
      to: raw.to || String(year),
    });
    const flash: Flash[] = [];
    let points: IndicatorPoint[] = [];
    const query = parsed.success ? parsed.data : null;
    if (!query) flash.push({ kind: 'error', text: 'Điều kiện xem chưa hợp lệ, hãy kiểm tra lại.' });
    else
      try {
        points = await this.indicators.series(user, query);
      } catch (e) {
        if (!(e instanceof DomainException)) throw e;
        flash.push({ kind: 'error', text: e.userMessage });
      }
    const unitIds = hasRole(user, 'admin')
      ? null
      : // The unit, the units below it and those it replaced (and theirs): what the API lets it read.
        [...(await this.lineage.heldUnitIds(user.orgUnitId))];
    const units = unitIds === null ? await this.org.findAll() : await this.org.findByIds(unitIds);
    const forms = [
      ...new Set((await this.periods.list()).flatMap((p) => p.forms.map((f) => f.code))),
    ];
    const chart = points.map((p) => ({
      label: p.label,
      value: p.comparable ? p.value : null,
      province: p.provinceTotal?.value ?? null,
    }));
    this.views.send(res, 'indicators', {
      ...(await this.context.base(req, user, 'indicators', 'So sánh chỉ tiêu qua các kỳ', flash)),
      query: query ?? raw,
      units: units.map((u) => ({
        id: u.id,
        name: u.validTo ? `${u.name} (đến ${formatDate(u.validTo)})` : u.name,
        selected: u.id === query?.orgUnitId,
      })),
      forms: forms.map((code) => ({ code, selected: code === query?.form })),
      points: points.map((p) => ({
        ...p,
        contributorNames: p.contributors
          .map((c) => (c.share === 1 ? c.name : `${c.name} × ${c.share.toLocaleString('vi-VN')}`))
          .join('; '),
      })),
      provinceName: points.find((p) => p.provinceTotal)?.provinceTotal?.name ?? null,
      chartJson: JSON.stringify(chart),
    });
  }
}
