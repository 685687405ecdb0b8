import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { DomainException, FieldError, parseInput, vietnamDate } from '@app/common';
import { ORG_LEVELS, OrgUnit, OrgUnitsService, orgUnitView } from '@app/org';
import { CreateOrgUnitSchema, UpdateOrgUnitSchema } from '../../admin/dto/org-unit.dto';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import { formField } from '../web-body';
import { WebContext, okFlash } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebViews } from '../web-views';
import { unitTree } from './unit-tree';

const FIELDS = [
  'code',
  'name',
  'level',
  'parentId',
  'governingBody',
  'abbreviation',
  'placeName',
  'kind',
  'headerLines',
  'filingUnit',
  'signingMode',
  'validFrom',
  'validTo',
  'successorId',
] as const;

function readUnitForm(body: Record<string, unknown>) {
  return Object.fromEntries(
    FIELDS.map((f) => [f, formField(body[f]).replace(/\r\n?/g, '\n').trim()]),
  ) as Record<(typeof FIELDS)[number], string>;
}
type UnitForm = ReturnType<typeof readUnitForm>;

/** The posted form as the API's input: empty optional fields are null, header lines one per line. */
function unitInput(form: UnitForm) {
  const orNull = (s: string) => (s === '' ? null : s);
  const lines = form.headerLines
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    ...form,
    parentId: orNull(form.parentId),
    governingBody: orNull(form.governingBody),
    headerLines: lines.length ? lines : null,
    filingUnit: orNull(form.filingUnit),
    signingMode: form.signingMode || undefined,
    validFrom: form.validFrom || undefined,
    validTo: orNull(form.validTo),
    successorId: orNull(form.successorId),
  };
}

function formOf(u: OrgUnit): UnitForm {
  const v = orgUnitView(u);
  return {
    code: v.code,
    name: v.name,
    level: v.level,
    parentId: v.parentId ?? '',
    governingBody: v.governingBody ?? '',
    abbreviation: v.abbreviation,
    placeName: v.placeName,
    kind: v.kind,
    headerLines: (v.headerLines ?? []).join('\n'),
    filingUnit: v.filingUnit ?? '',
    signingMode: v.signingMode,
    validFrom: v.validFrom,
    validTo: v.validTo ?? '',
    successorId: v.successorId ?? '',
  };
}

/** Administrators: the units of their scope, in pages (the same service and checks as /api/org-units). */
@Controller('admin/units')
@UseFilters(WebExceptionFilter)
@Roles('admin', 'unitAdmin')
export class WebAdminUnitsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly units: OrgUnitsService,
  ) {}

  @Get()
  async list(
    @Query('ok') ok: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const units = await this.units.list(actor);
    const byId = new Map(units.map((u) => [u.id, u]));
    this.views.send(res, 'admin-units', {
      ...(await this.context.base(req, actor, 'admin', 'Đơn vị', okFlash(ok))),
      units: unitTree(units, vietnamDate()).map((t) => ({
        ...t,
        unit: orgUnitView(byId.get(t.id)!),
        indent: Math.min(t.depth, 3),
      })),
    });
  }

  @Get('new')
  async newForm(
    @Query('parent') parent: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = readUnitForm({
      parentId: parent ?? '',
      level: 'commune',
      kind: 'collective',
      signingMode: 'token',
      abbreviation: 'UBND',
      validFrom: vietnamDate(),
    });
    await this.sendForm(req, res, actor, null, form, []);
  }

  @Post()
  async create(
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = readUnitForm(body);
    try {
      const unit = await this.units.create(actor, parseInput(CreateOrgUnitSchema, unitInput(form)));
      res.redirect(303, `/admin/units/${unit.id}?ok=unitCreated`);
    } catch (e) {
      await this.refused(req, res, actor, null, form, e);
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
    const unit = await this.units.get(actor, id);
    await this.sendForm(req, res, actor, unit, formOf(unit), [], 200, okFlash(ok));
  }

  @Post(':id')
  async update(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const before = await this.units.get(actor, id);
    const form = readUnitForm(body);
    try {
      await this.units.update(actor, id, parseInput(UpdateOrgUnitSchema, unitInput(form)));
      res.redirect(303, `/admin/units/${before.id}?ok=unitSaved`);
    } catch (e) {
      await this.refused(req, res, actor, before, form, e);
    }
  }

  private async refused(
    req: Request,
    res: Response,
    actor: AuthUser,
    unit: OrgUnit | null,
    form: UnitForm,
    e: unknown,
  ) {
    if (!(e instanceof DomainException) || e.status >= 500 || e.status === 404) throw e;
    await this.sendForm(
      req,
      res,
      actor,
      unit,
      form,
      e.errors?.length ? e.errors : [{ message: e.userMessage }],
      e.status,
    );
  }

  private async sendForm(
    req: Request,
    res: Response,
    actor: AuthUser,
    unit: OrgUnit | null,
    form: UnitForm,
    errors: FieldError[],
    status = 200,
    flash = okFlash(undefined),
  ) {
    const tree = unitTree(await this.units.list(actor), vietnamDate()).filter(
      (u) => u.id !== unit?.id,
    );
    const errs = (f: string) =>
      errors.filter((e) => e.field === f || e.field?.startsWith(`${f}.`)).map((e) => e.message);
    this.views.send(
      res,
      'admin-unit',
      {
        ...(await this.context.base(req, actor, 'admin', unit ? unit.name : 'Thêm đơn vị', flash)),
        unit: unit ? orgUnitView(unit) : null,
        form,
        isAdmin: actor.roles.includes('admin'),
        parents: tree.map((u) => ({ ...u, selected: u.id === form.parentId })),
        successors: tree.map((u) => ({ ...u, selected: u.id === form.successorId })),
        levels: ORG_LEVELS.map((l) => ({ value: l, selected: l === form.level })),
        errors: Object.fromEntries(FIELDS.map((f) => [f, errs(f)])),
        otherErrors: errors
          .filter((e) => !FIELDS.some((f) => e.field === f || e.field?.startsWith(`${f}.`)))
          .map((e) => e.message),
      },
      status,
    );
  }
}
