import { Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService, AuthUser } from '@app/auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { LoginDto } from './dto/login.dto';
import { CurrentUser, Public } from './public.decorator';
import { LocalAuthGuard, LoginThrottlerGuard } from './guards';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** `{username, password}` → `{accessToken, user}`; the same 401 for an unknown user and a wrong password. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard, LocalAuthGuard)
  @ApiBody({ type: LoginDto })
  @ApiErrors(401, 422, 429)
  login(@Req() req: Request) {
    const user = req.user as AuthUser;
    return { accessToken: this.auth.issueToken(user), user };
  }

  /** The signed-in user. */
  @Get('me')
  @ApiErrors(401)
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
