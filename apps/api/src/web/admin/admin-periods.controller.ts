import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { DomainException, FieldError, parseInput, vietnamDate, vietnamYear } from '@app/common';
import { FormsService } from '@app/forms';
import { OrgRepository } from '@app/org';
import { PeriodsService, ReportingPeriod, periodView } from '@app/reports';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import {
  CopyPeriodSchema,
  CreatePeriodSchema,
  UpdatePeriodSchema,
} from '../../reports/dto/period.dto';
import { formField, formFields } from '../web-body';
import { Flash, WebContext, okFlash } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebViews } from '../web-views';
import { unitTree } from './unit-tree';

/** The levels a period sets deadlines for (districts only for periods before 1 July 2025). */
const DEADLINE_LEVELS = ['commune', 'district', 'province'] as const;

function readPeriodForm(body: Record<string, unknown>) {
  return {
    from: formField(body.from),
    code: formField(body.code).trim(),
    label: formField(body.label).trim(),
    year: formField(body.year).trim(),
    cutoffFrom: formField(body.cutoffFrom),
    cutoffTo: formField(body.cutoffTo),
    forms: formFields(body.forms),
    deadlines: Object.fromEntries(
      DEADLINE_LEVELS.map((l) => [l, formField(body[`deadline_${l}`])]),
    ) as Record<string, string>,
  };
}
type PeriodForm = ReturnType<typeof readPeriodForm>;

const deadlineList = (d: Record<string, string>) =>
  DEADLINE_LEVELS.filter((l) => d[l]).map((level) => ({ level, date: d[level] }));

/** Admins: reporting periods in pages — create (or copy an earlier one), deadlines per level and per unit, close and reopen. */
@Controller('admin/periods')
@UseFilters(WebExceptionFilter)
@Roles('admin')
export class WebAdminPeriodsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly periods: PeriodsService,
    private readonly forms: FormsService,
    private readonly org: OrgRepository,
  ) {}

  @Get()
  async list(
    @Query('ok') ok: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const periods = (await this.periods.list()).map(periodView);
    this.views.send(res, 'admin-periods', {
      ...(await this.context.base(req, actor, 'admin', 'Kỳ báo cáo', okFlash(ok))),
      periods,
    });
  }

  @Get('new')
  async newForm(
    @Query('from') from: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const source = from ? await this.periods.get(from) : null;
    const year = source ? source.year + (source.code.endsWith('H2') ? 1 : 0) : vietnamYear();
    const form = readPeriodForm({
      from: source?.id ?? '',
      year: String(year),
      forms: source
        ? source.forms.map((f) => f.code)
        : (await this.forms.listLatest()).map((f) => f.code),
    });
    await this.sendForm(req, res, actor, source, form, []);
  }

  @Post()
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = readPeriodForm(body);
    const source = form.from ? await this.periods.get(form.from) : null;
    try {
      const base = {
        code: form.code,
        label: form.label,
        year: Number(form.year),
        cutoffFrom: form.cutoffFrom,
        cutoffTo: form.cutoffTo,
      };
      const period = source
        ? await this.periods.copy(actor, source.id, parseInput(CopyPeriodSchema, base))
        : await this.periods.create(
            parseInput(CreatePeriodSchema, {
              ...base,
              forms: form.forms,
              deadlines: deadlineList(form.deadlines),
            }),
            actor,
          );
      res.redirect(303, `/admin/periods/${period.id}?ok=periodCreated`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500) throw e;
      await this.sendForm(
        req,
        res,
        actor,
        source,
        form,
        e.errors?.length ? e.errors : [{ message: e.userMessage }],
        e.status,
      );
    }
  }

  @Get(':id')
  async edit(
    @Param('id') id: string,
    @Query('ok') ok: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.sendEdit(req, res, actor, await this.periods.get(id), okFlash(ok), []);
  }

  /** Label and deadlines per level; extensions for single units (added one at a time, removed by ticking). */
  @Post(':id')
  async update(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const period = await this.periods.get(id);
    const removed = new Set(formFields(body.removeUnit));
    const unitDeadlines = period.unitDeadlines.filter((d) => !removed.has(d.orgUnitId));
    const addUnit = formField(body.addUnit);
    const addDate = formField(body.addDate);
    if (addUnit || addDate) unitDeadlines.push({ orgUnitId: addUnit, date: addDate });
    const deadlines = readPeriodForm(body).deadlines;
    try {
      await this.periods.update(
        actor,
        period.id,
        parseInput(UpdatePeriodSchema, {
          label: formField(body.label).trim(),
          deadlines: deadlineList(deadlines),
          unitDeadlines,
        }),
      );
      res.redirect(303, `/admin/periods/${period.id}?ok=periodSaved`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500) throw e;
      await this.sendEdit(
        req,
        res,
        actor,
        period,
        [{ kind: 'error', text: e.userMessage }],
        e.errors ?? [],
        e.status,
      );
    }
  }

  @Post(':id/open')
  async setOpen(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Res() res: Response,
  ) {
    const closed = formField(body.closed) === 'true';
    const period = await this.periods.update(actor, id, { closed });
    res.redirect(
      303,
      `/admin/periods/${period.id}?ok=${closed ? 'periodClosed' : 'periodReopened'}`,
    );
  }

  private async sendForm(
    req: Request,
    res: Response,
    actor: AuthUser,
    source: ReportingPeriod | null,
    form: PeriodForm,
    errors: FieldError[],
    status = 200,
  ) {
    const latest = await this.forms.listLatest();
    this.views.send(
      res,
      'admin-period-new',
      {
        ...(await this.context.base(
          req,
          actor,
          'admin',
          source ? `Tạo kỳ mới từ ${source.label}` : 'Tạo kỳ báo cáo',
        )),
        source: source ? periodView(source) : null,
        form,
        forms: latest.map((f) => ({ ...f, checked: form.forms.includes(f.code) })),
        levels: DEADLINE_LEVELS.map((l) => ({ level: l, value: form.deadlines[l] ?? '' })),
        errors,
      },
      status,
    );
  }

  private async sendEdit(
    req: Request,
    res: Response,
    actor: AuthUser,
    period: ReportingPeriod,
    flash: Flash[],
    errors: FieldError[],
    status = 200,
  ) {
    const units = unitTree(await this.org.findAll(), vietnamDate());
    const name = new Map(units.map((u) => [u.id, u.name]));
    const view = periodView(period);
    this.views.send(
      res,
      'admin-period',
      {
        ...(await this.context.base(req, actor, 'admin', period.label, flash)),
        period: view,
        levels: DEADLINE_LEVELS.map((l) => ({
          level: l,
          value: view.deadlines.find((d) => d.level === l)?.date ?? '',
        })),
        extensions: view.unitDeadlines.map((d) => ({
          ...d,
          unitName: name.get(d.orgUnitId) ?? d.orgUnitId,
        })),
        units,
        errors,
      },
      status,
    );
  }
}
