import {
  Body,
  Controller,
  Get,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthService, AuthUser } from '@app/auth';
import { InboxService, PeriodParticipation } from '@app/reports';
import { LoginThrottlerGuard } from '../auth/guards';
import { AllowBeforePasswordChange } from '../auth/password-change.guard';
import { CurrentUser, Public } from '../auth/public.decorator';
import { WebContext, okFlash } from './web-context';
import { WebExceptionFilter, safeNext } from './web-exception.filter';
import { WebSession } from './web-session';
import { WebViews } from './web-views';

/** `/`: the sign-in form, or the signed-in user's inbox; sign-in and sign-out. */
@Controller()
@UseFilters(WebExceptionFilter)
export class WebHomeController {
  constructor(
    private readonly views: WebViews,
    private readonly session: WebSession,
    private readonly context: WebContext,
    private readonly auth: AuthService,
    private readonly inboxes: InboxService,
    private readonly participation: PeriodParticipation,
  ) {}

  @Public()
  @Get()
  async home(
    @Req() req: Request,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('ok') ok?: string,
  ) {
    const user = await this.session.optionalUser(req);
    if (!user) {
      return this.views.send(res, 'login', {
        ...(await this.context.base(req, null, 'login', 'Đăng nhập', okFlash(ok))),
        loginCsrf: this.session.loginToken(req, res),
        next: safeNext(next),
      });
    }
    if (user.passwordChangeRequired) return res.redirect(303, '/account/password');
    const [items, toMake] = await Promise.all([
      this.inboxes.inbox(user),
      this.participation.toMake(user),
    ]);
    this.views.send(res, 'inbox', {
      ...(await this.context.base(req, user, 'inbox', 'Việc cần làm', okFlash(ok))),
      items,
      toMake,
    });
  }

  @Public()
  @Get('login')
  loginPage(@Query('next') next: string | undefined, @Res() res: Response) {
    res.redirect(303, next ? `/?next=${encodeURIComponent(safeNext(next))}` : '/');
  }

  /** The sign-in form: the same credentials check and the same throttles (one count) as POST /api/auth/login. */
  @Public()
  @Post('login')
  @UseGuards(LoginThrottlerGuard)
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    // Only the user name is trimmed (AuthService folds it as the throttle does); the password is taken as typed.
    const username = typeof body?.username === 'string' ? body.username.trim() : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    if (!username || !password) {
      return this.views.send(
        res,
        'login',
        {
          ...(await this.context.base(req, null, 'login', 'Đăng nhập')),
          loginCsrf: this.session.loginToken(req, res),
          username,
          next: safeNext(body?.next),
          error: 'Vui lòng nhập tên đăng nhập và mật khẩu.',
        },
        422,
      );
    }
    const signedIn = await this.auth.validateCredentials(username, password);
    this.session.signIn(req, res, signedIn);
    res.redirect(
      303,
      signedIn.user.passwordChangeRequired ? '/account/password' : safeNext(body?.next),
    );
  }

  /** Ends every session of the user (this browser's, others', API tokens) and forgets the cookie. */
  @Post('logout')
  @AllowBeforePasswordChange()
  async logout(@CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    await this.auth.endSessions(user.id);
    this.session.signOut(req, res);
    res.redirect(303, '/?ok=signedout');
  }
}
