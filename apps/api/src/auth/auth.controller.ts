import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService, AuthUser, UsersService } from '@app/auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { LoginBodyGuard, LoginThrottlerGuard } from './guards';
import { AllowBeforePasswordChange } from './password-change.guard';
import { CurrentUser, Public } from './public.decorator';
import { requestSession, SESSION_COOKIE, sessionCookieOptions } from './session-credential';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /**
   * `{username, password}` → `{accessToken, user, passwordChangeRequired}`; the same 401 for an
   * unknown user and a wrong password. With a one-time password, only change-password, me and
   * logout answer. Throttled per address and user name, and per user name from any address (429
   * with Retry-After).
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard, LoginBodyGuard)
  @ApiBody({ type: LoginDto })
  @ApiErrors(401, 422, 429)
  async login(@Body() body: { username: string; password: string }, @Req() req: Request) {
    const signedIn = await this.auth.validateCredentials(body.username, body.password);
    req.user = signedIn.user; // for the request log
    return {
      accessToken: this.auth.issueToken(signedIn, 'api'),
      user: signedIn.user,
      passwordChangeRequired: signedIn.user.passwordChangeRequired,
    };
  }

  /**
   * Ends every session of the caller (every token, web and API, on every device) → `{signedOut: true}`;
   * a session cookie is cleared too.
   */
  @Post('logout')
  @HttpCode(200)
  @AllowBeforePasswordChange()
  @ApiErrors(401, 403)
  async logout(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.auth.endSessions(user.id);
    if (requestSession(req)?.kind === 'cookie')
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    return { signedOut: true };
  }

  /**
   * The signed-in user's own password: `{currentPassword, newPassword}` (at least 10 characters, not
   * the user name, not a common one). Every other session of the user ends; this one goes on.
   */
  @Post('change-password')
  @HttpCode(200)
  @AllowBeforePasswordChange()
  @ApiErrors(401, 403, 422)
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ) {
    await this.users.changePassword(
      user,
      body.currentPassword,
      body.newPassword,
      requestSession(req)?.payload.sid ?? null,
    );
    return { changed: true };
  }

  /** The signed-in user. */
  @Get('me')
  @AllowBeforePasswordChange()
  @ApiErrors(401)
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
