import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { NOTIFICATIONS_PAGE, NotificationsService } from '@app/notifications';
import { CurrentUser } from '../auth/public.decorator';
import { WebContext, okFlash } from './web-context';
import { WebExceptionFilter, safeNext } from './web-exception.filter';
import { WebViews } from './web-views';

/** `/notifications`: the signed-in user's notifications; opening one marks it read and goes to its page. */
@Controller('notifications')
@UseFilters(WebExceptionFilter)
export class WebNotificationsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly notifications: NotificationsService,
  ) {}

  @Get()
  async list(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
    @Query('unread') unread?: string,
    @Query('offset') offsetText?: string,
    @Query('ok') ok?: string,
  ) {
    const unreadOnly = unread === '1';
    const offset = /^\d{1,6}$/.test(offsetText ?? '') ? Number(offsetText) : 0;
    const limit = NOTIFICATIONS_PAGE.defaultLimit;
    const items = await this.notifications.list(user.id, { unread: unreadOnly, limit, offset });
    const older = `/notifications?${unreadOnly ? 'unread=1&' : ''}offset=${offset + limit}`;
    this.views.send(res, 'notifications', {
      ...(await this.context.base(req, user, 'notifications', 'Thông báo', okFlash(ok))),
      unreadOnly,
      items,
      olderHref: items.length === limit ? older : null,
    });
  }

  /** Opening a notification: read, then its page. */
  @Post(':id/open')
  async open(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const n = await this.notifications.markRead(user.id, id);
    res.redirect(303, safeNext(n.link));
  }

  @Post(':id/read')
  async read(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    await this.notifications.markRead(user.id, id);
    res.redirect(303, '/notifications');
  }

  @Post('read-all')
  async readAll(@CurrentUser() user: AuthUser, @Res() res: Response) {
    await this.notifications.markAllRead(user.id);
    res.redirect(303, '/notifications?ok=notificationsRead');
  }
}
