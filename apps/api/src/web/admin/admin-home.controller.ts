import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { RegisteredCertificatesService } from '@app/signatures';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import { WebContext } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebViews } from '../web-views';

/** `/admin`: what an administrator can manage. */
@Controller('admin')
@UseFilters(WebExceptionFilter)
@Roles('admin', 'unitAdmin')
export class WebAdminHomeController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly certificates: RegisteredCertificatesService,
  ) {}

  @Get()
  async home(@CurrentUser() actor: AuthUser, @Req() req: Request, @Res() res: Response) {
    this.views.send(res, 'admin-home', {
      ...(await this.context.base(req, actor, 'admin', 'Quản trị')),
      isAdmin: actor.roles.includes('admin'),
      // Who cannot sign yet: no personal key is kept on the server any more.
      missingCertificates: await this.certificates.missing(actor),
    });
  }
}
