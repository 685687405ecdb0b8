import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { DomainException, FieldError, vietnamYear } from '@app/common';
import { formAnnexPreviewHtml, issuerOf } from '@app/documents';
import {
  FormDefinition,
  keepPresentation,
  FormsService,
  ROW_KINDS,
  RULE_TYPES,
  VALUE_TYPES,
  validateDefinition,
  withYear,
} from '@app/forms';
import { OrgRepository } from '@app/org';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import { formField } from '../web-body';
import { WebContext, okFlash } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { buildGrid } from '../report-grid';
import { DOCUMENT_FRAME_CONTENT_SECURITY_POLICY, WebViews, setPageHeaders } from '../web-views';
import { DesignerForm, fromDesigner, readDesigner, toDesigner } from './form-designer';

/** Blank lines offered at the end of each table (more with the page's "Thêm" buttons). */
const SPARE = { rows: 3, columns: 1, rules: 2 };

const BLANK_FORM: DesignerForm = {
  code: '',
  title: '',
  reportingNote: '',
  rows: [],
  columns: [],
  rules: [],
};

/** "rows[3].label" → "Dòng 4 – label". */
function where(field: string | undefined): string {
  const m = /^(rows|columns|rules)\[(\d+)\](?:\.(.+))?$/.exec(field ?? '');
  if (!m) return field ?? '';
  const what = { rows: 'Dòng', columns: 'Cột', rules: 'Quy tắc' }[m[1] as 'rows'];
  return `${what} ${Number(m[2]) + 1}${m[3] ? ` (${m[3]})` : ''}`;
}

/**
 * Admins: the form designer. Rows, columns and rules edited as tables, with a live preview of the
 * printed annex and of the entry grid; publishing makes a new version, checked like any other.
 */
@Controller('admin/forms')
@UseFilters(WebExceptionFilter)
@Roles('admin')
export class WebAdminFormsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
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
    this.views.send(res, 'admin-forms', {
      ...(await this.context.base(req, actor, 'admin', 'Biểu mẫu', okFlash(ok))),
      forms: await this.forms.listLatest(),
    });
  }

  @Get('design')
  async design(
    @Query('code') code: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const def = code ? await this.forms.get(code) : null;
    await this.sendDesigner(
      req,
      res,
      actor,
      def ? toDesigner(def) : BLANK_FORM,
      def?.version ?? null,
      vietnamYear(),
      [],
    );
  }

  /** Publishes the designed form as its next version (or a new form). */
  @Post('design')
  async publish(
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const designed = readDesigner(body);
    const year = previewYear(body);
    if (formField(body.action) !== 'publish')
      return this.sendDesigner(req, res, actor, designed, null, year, []);
    try {
      // What the designer does not show (column groups, widths, annex …) carries over from the last version.
      const previous = await this.forms.get(designed.code).catch(() => null);
      await this.forms.create(keepPresentation(fromDesigner(designed), previous), actor);
      res.redirect(303, '/admin/forms?ok=formPublished');
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500) throw e;
      await this.sendDesigner(
        req,
        res,
        actor,
        designed,
        null,
        year,
        e.errors?.length ? e.errors : [{ message: e.userMessage }],
        e.status,
      );
    }
  }

  /** The annex as it prints (blank), for the preview frame. */
  @Post('design/preview/annex')
  async previewAnnex(
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Res() res: Response,
  ) {
    const def = this.checked(body, res);
    if (!def) return;
    const unit = await this.org.findById(actor.orgUnitId);
    const html = formAnnexPreviewHtml(
      def,
      issuerOf(
        unit ?? {
          governingBody: null,
          name: 'Ủy ban nhân dân',
          abbreviation: 'UBND',
          placeName: '',
          filingUnit: null,
        },
      ),
    );
    setPageHeaders(res);
    res.setHeader('Content-Security-Policy', DOCUMENT_FRAME_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.type('html').send(html);
  }

  /** The entry grid as an officer will see it, for the preview frame. */
  @Post('design/preview/grid')
  previewGrid(@Body() body: Record<string, unknown>, @Res() res: Response) {
    const def = this.checked(body, res);
    if (!def) return;
    this.views.sendBare(res, 'admin-form-preview', {
      grid: buildGrid(0, def, {}, { editable: true }),
    });
  }

  /** The designed definition with the preview year filled in, or the page of its problems (and null). */
  private checked(body: Record<string, unknown>, res: Response): FormDefinition | null {
    const def = { ...fromDesigner(readDesigner(body)), version: 0 } as FormDefinition;
    const errors = validateDefinition(def);
    if (errors.length) {
      this.views.sendBare(res, 'admin-form-preview', {
        errors: errors.map((e) => ({ where: where(e.field), message: e.message })),
      });
      return null;
    }
    return withYear(def, previewYear(body));
  }

  private async sendDesigner(
    req: Request,
    res: Response,
    actor: AuthUser,
    form: DesignerForm,
    version: number | null,
    year: number,
    errors: FieldError[],
    status = 200,
  ) {
    const pad = <T>(items: T[], n: number, blank: T) => [
      ...items,
      ...Array.from({ length: n }, () => blank),
    ];
    this.views.send(
      res,
      'admin-form-design',
      {
        ...(await this.context.base(
          req,
          actor,
          'admin',
          form.code ? `Thiết kế biểu ${form.code}` : 'Thiết kế biểu mẫu mới',
        )),
        form,
        version,
        previewYear: year,
        rows: pad(form.rows, SPARE.rows, {
          key: '',
          no: '',
          label: '',
          unit: '',
          type: '',
          kind: '',
          ratio: '',
          consolidate: '',
          extra: false,
        }),
        columns: pad(form.columns, SPARE.columns, {
          key: '',
          no: '',
          label: '',
          unit: '',
          type: '',
          ratio: '',
        }),
        rules: pad(form.rules, SPARE.rules, {
          type: 'lte',
          a: '',
          b: '',
          min: '',
          max: '',
          severity: 'error',
          message: '',
        }),
        valueTypes: VALUE_TYPES,
        rowKinds: ROW_KINDS,
        ruleTypes: RULE_TYPES,
        errors: errors.map((e) => ({ where: where(e.field), message: e.message })),
      },
      status,
    );
  }
}

function previewYear(body: Record<string, unknown>): number {
  const y = Number(formField(body.previewYear));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : vietnamYear();
}
