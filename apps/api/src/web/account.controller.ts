import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser, MIN_PASSWORD_LENGTH, UsersService } from '@app/auth';
import { DomainException } from '@app/common';
import { AllowBeforePasswordChange } from '../auth/password-change.guard';
import { CurrentUser } from '../auth/public.decorator';
import { requestSession } from '../auth/session-credential';
import { formField } from './web-body';
import { WebContext } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

/** Every signed-in user: their own password (the first page after signing in with a one-time password). */
@Controller('account')
@UseFilters(WebExceptionFilter)
export class WebAccountController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly users: UsersService,
  ) {}

  @Get('password')
  @AllowBeforePasswordChange()
  async form(@CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    await this.send(req, res, user, {});
  }

  @Post('password')
  @AllowBeforePasswordChange()
  async change(
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const current = formField(body.currentPassword);
    const next = formField(body.newPassword);
    const confirm = formField(body.confirmPassword);
    if (next !== confirm) {
      return this.send(
        req,
        res,
        user,
        {
          errors: [{ field: 'confirmPassword', message: 'Hai lần nhập mật khẩu mới không khớp.' }],
        },
        422,
      );
    }
    try {
      // This browser's session goes on; every other session of the user ends.
      await this.users.changePassword(
        user,
        current,
        next,
        requestSession(req)?.payload.sid ?? null,
      );
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500) throw e;
      return this.send(
        req,
        res,
        user,
        { errors: e.errors ?? [{ message: e.userMessage }] },
        e.status,
      );
    }
    res.redirect(303, '/?ok=password');
  }

  private async send(
    req: Request,
    res: Response,
    user: AuthUser,
    extra: { errors?: { field?: string; message: string }[] },
    status = 200,
  ) {
    const errors = extra.errors ?? [];
    const byField = (f: string) => errors.filter((e) => e.field === f).map((e) => e.message);
    this.views.send(
      res,
      'account-password',
      {
        ...(await this.context.base(req, user, 'account', 'Đổi mật khẩu')),
        required: user.passwordChangeRequired,
        minLength: MIN_PASSWORD_LENGTH,
        errors: {
          currentPassword: byField('currentPassword'),
          newPassword: byField('newPassword'),
          confirmPassword: byField('confirmPassword'),
          other: errors
            .filter(
              (e) => !['currentPassword', 'newPassword', 'confirmPassword'].includes(e.field ?? ''),
            )
            .map((e) => e.message),
        },
      },
      status,
    );
  }
}
