import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ArchiveService, DocumentMarksService, IncomingRegisterService } from '@app/archive';
import { AuthUser, UsersRepository, hasRole } from '@app/auth';
import { DomainException } from '@app/common';
import { CurrentUser } from '../auth/public.decorator';
import { Flash, WebContext, okFlash } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/documents/:id`: an issued document — its number, marks (thu hồi, thay thế), where it was
 * delivered and who acknowledged it; the receiving unit acknowledges it and names who handles it;
 * the issuing unit's head withdraws it with a reason. The same services as the API.
 */
@Controller('documents')
@UseFilters(WebExceptionFilter)
export class WebDocumentController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly archive: ArchiveService,
    private readonly incoming: IncomingRegisterService,
    private readonly marks: DocumentMarksService,
    private readonly users: UsersRepository,
  ) {}

  @Get(':id')
  async page(
    @Param('id') id: string,
    @Query('ok') ok: unknown,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.send(req, res, user, id, okFlash(ok));
  }

  @Post(':id/acknowledge')
  async acknowledge(
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(req, res, user, id, 'documentAcknowledged', () =>
      this.incoming.acknowledge(user, id),
    );
  }

  @Post(':id/handler')
  async handler(
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const chosen = str((req.body as Record<string, unknown>)?.userId);
    await this.act(req, res, user, id, 'handlerSaved', () =>
      this.incoming.setHandler(user, id, UUID.test(chosen) ? chosen : null),
    );
  }

  @Post(':id/withdraw')
  async withdraw(
    @Param('id') id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const reason = str((req.body as Record<string, unknown>)?.reason).slice(0, 1000);
    if (!reason)
      return this.send(
        req,
        res,
        user,
        id,
        [{ kind: 'error', text: 'Cần ghi lý do thu hồi văn bản.' }],
        422,
      );
    await this.act(req, res, user, id, 'documentWithdrawn', () =>
      this.marks.withdraw(user, id, reason),
    );
  }

  /** Runs an action: back to the page with its message, or the page with the refusal. */
  private async act(
    req: Request,
    res: Response,
    user: AuthUser,
    id: string,
    ok: string,
    action: () => Promise<unknown>,
  ) {
    try {
      await action();
    } catch (e) {
      if (!(e instanceof DomainException) || e.status === 404) throw e;
      return this.send(req, res, user, id, [{ kind: 'error', text: e.userMessage }], e.status);
    }
    res.redirect(303, `/documents/${encodeURIComponent(id)}?ok=${ok}`);
  }

  private async send(
    req: Request,
    res: Response,
    user: AuthUser,
    id: string,
    flash: Flash[],
    status = 200,
  ) {
    const doc = await this.archive.get(user, id);
    const [view, deliveries] = await Promise.all([
      this.archive.view(doc),
      this.incoming.deliveries(user, doc),
    ]);
    const mine = deliveries.find((d) => d.orgUnitId === user.orgUnitId) ?? null;
    const receiving = !!mine && hasRole(user, 'officer', 'head', 'clerk');
    const colleagues = receiving
      ? (await this.users.findByUnit(user.orgUnitId)).filter((u) => u.active)
      : [];
    this.views.send(
      res,
      'document',
      {
        ...(await this.context.base(req, user, 'archive', `Văn bản số ${doc.numberText}`, flash)),
        doc: view,
        deliveries,
        showDeliveries: deliveries.length > 0 && (!mine || deliveries.length > 1),
        mine,
        receiving,
        colleagues: colleagues.map((u) => ({ id: u.id, fullName: u.fullName })),
        canWithdraw: hasRole(user, 'head') && doc.orgUnitId === user.orgUnitId && !view.withdrawn,
      },
      status,
    );
  }
}
