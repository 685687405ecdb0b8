import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { DomainException, FieldError, parseInput } from '@app/common';
import { TrustAnchorsService } from '@app/signatures';
import { AddTrustAnchorSchema, UploadCrlSchema } from '../../documents/dto/trust-anchor.dto';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import { formField } from '../web-body';
import { WebContext, okFlash } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebViews } from '../web-views';

/** Admins: the trust store and the revocation lists, in a page (the same service as /api/trust-anchors). */
@Controller('admin/trust')
@UseFilters(WebExceptionFilter)
@Roles('admin')
export class WebAdminTrustController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly trust: TrustAnchorsService,
  ) {}

  @Get()
  async page(
    @Query('ok') ok: unknown,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.send(req, res, actor, okFlash(ok), []);
  }

  @Post()
  async add(
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const certificate = formField(body.certificate).trim();
    await this.act(req, res, actor, 'trustAdded', { certificate }, () =>
      this.trust.add(actor, parseInput(AddTrustAnchorSchema, { certificate }).certificate),
    );
  }

  @Post('crls')
  async uploadCrl(
    @Body() body: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const crl = formField(body.crl).trim();
    await this.act(req, res, actor, 'crlUploaded', { crl }, () =>
      this.trust.uploadCrl(actor, parseInput(UploadCrlSchema, { crl }).crl),
    );
  }

  @Post(':id/remove')
  async remove(
    @Param('id') id: string,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, actor, 'trustRemoved', {}, () => this.trust.remove(actor, id));
  }

  @Post('crls/:id/remove')
  async removeCrl(
    @Param('id') id: string,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, actor, 'crlRemoved', {}, () => this.trust.removeCrl(actor, id));
  }

  /** Runs an action, then back to the page: with a flash, or with the refusal and what was typed. */
  private async act(
    req: Request,
    res: Response,
    actor: AuthUser,
    ok: string,
    typed: Record<string, string>,
    action: () => Promise<unknown>,
  ) {
    try {
      await action();
      res.redirect(303, `/admin/trust?ok=${ok}`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500 || e.status === 403) throw e;
      const errors = e.errors?.length ? e.errors : [{ message: e.userMessage }];
      res.status(e.status);
      await this.send(req, res, actor, [], errors, typed);
    }
  }

  private async send(
    req: Request,
    res: Response,
    actor: AuthUser,
    flash: ReturnType<typeof okFlash>,
    errors: FieldError[],
    typed: Record<string, string> = {},
  ) {
    const [anchors, crls] = await Promise.all([this.trust.list(), this.trust.listCrls()]);
    const now = Date.now();
    this.views.send(res, 'admin-trust', {
      ...(await this.context.base(req, actor, 'admin', 'Chứng thư tin cậy', flash)),
      errors,
      typed,
      anchors: anchors.map((a) => ({
        ...a,
        issuerName: a.issuer === a.subject ? 'Tự cấp (chứng thư gốc)' : a.issuer,
        expired: a.notAfter.getTime() < now,
      })),
      crls: crls.map((c) => ({
        ...c,
        uploaded: c.source === 'uploaded',
        stale: !!c.nextUpdate && new Date(c.nextUpdate).getTime() < now,
      })),
    });
  }
}
