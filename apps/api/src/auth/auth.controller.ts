import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService, AuthUser, UsersService } from '@app/auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { AllowBeforePasswordChange } from './password-change.guard';
import { CurrentUser, Public } from './public.decorator';
import { LocalAuthGuard, LoginThrottlerGuard } from './guards';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /**
   * `{username, password}` → `{accessToken, user, passwordChangeRequired}`; the same 401 for an
   * unknown user and a wrong password. With a one-time password, only change-password and me answer.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard, LocalAuthGuard)
  @ApiBody({ type: LoginDto })
  @ApiErrors(401, 422, 429)
  login(@Req() req: Request) {
    const user = req.user as AuthUser;
    return {
      accessToken: this.auth.issueToken(user),
      user,
      passwordChangeRequired: user.passwordChangeRequired,
    };
  }

  /** The signed-in user's own password: `{currentPassword, newPassword}` (at least 10 characters, not the user name, not a common one). */
  @Post('change-password')
  @HttpCode(200)
  @AllowBeforePasswordChange()
  @ApiErrors(401, 403, 422)
  async changePassword(@Body() body: ChangePasswordDto, @CurrentUser() user: AuthUser) {
    await this.users.changePassword(user, body.currentPassword, body.newPassword);
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
