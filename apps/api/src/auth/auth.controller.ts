import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { AuthService, AuthUser } from '@app/auth';
import { CurrentUser, Public } from './public.decorator';
import { LocalAuthGuard, LoginThrottlerGuard } from './guards';

export function userView(u: AuthUser) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    orgUnitId: u.orgUnitId,
    roles: u.roles,
    positionTitle: u.positionTitle,
    signAuthority: u.signAuthority,
    signHeadTitle: u.signHeadTitle,
  };
}

@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard, LocalAuthGuard)
  login(@Req() req: Request) {
    const user = req.user as AuthUser;
    return { accessToken: this.auth.issueToken(user), user: userView(user) };
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return userView(user);
  }
}
