import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, Preferences, UsersService } from '@app/auth';
import { Mailer } from '@app/notifications';
import { CurrentUser } from '../auth/public.decorator';
import { PreferencesSchema } from '../notifications/dto/preferences.dto';
import { formField } from './web-body';
import { WebContext, okFlash } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

const MODES = [
  { value: 'immediate', label: 'Gửi ngay từng thông báo' },
  { value: 'digest', label: 'Một thư tổng hợp mỗi ngày' },
  { value: 'off', label: 'Không gửi thư (chỉ xem trong hệ thống)' },
];

/** `/account/notifications`: the signed-in user's own address and way of being told by e-mail. */
@Controller('account/notifications')
@UseFilters(WebExceptionFilter)
export class WebPreferencesController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly users: UsersService,
    private readonly mailer: Mailer,
  ) {}

  @Get()
  async form(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
    @Query('ok') ok?: string,
  ) {
    await this.send(req, res, user, await this.users.preferences(user.id), [], 200, ok);
  }

  @Post()
  async save(
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const input = { email: formField(body.email).trim(), notify: formField(body.notify) };
    const parsed = PreferencesSchema.safeParse(input);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({
        field: String(i.path[0] ?? ''),
        message: i.path[0] === 'notify' ? 'Hãy chọn một cách nhận thông báo.' : i.message,
      }));
      return this.send(
        req,
        res,
        user,
        { email: input.email, notify: input.notify as Preferences['notify'] },
        errors,
        422,
      );
    }
    await this.users.updatePreferences(user, parsed.data);
    res.redirect(303, '/account/notifications?ok=preferences');
  }

  private async send(
    req: Request,
    res: Response,
    user: AuthUser,
    current: Preferences,
    errors: { field: string; message: string }[],
    status: number,
    ok?: string,
  ) {
    this.views.send(
      res,
      'account-notifications',
      {
        ...(await this.context.base(req, user, 'account', 'Cài đặt thông báo', okFlash(ok))),
        address: current.email ?? '',
        modes: MODES.map((m) => ({ ...m, checked: m.value === current.notify })),
        mailOn: this.mailer.enabled,
        addressErrors: errors.filter((e) => e.field === 'email').map((e) => e.message),
        modeErrors: errors.filter((e) => e.field === 'notify').map((e) => e.message),
      },
      status,
    );
  }
}
