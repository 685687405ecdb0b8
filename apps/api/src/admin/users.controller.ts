import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, UsersService, userView } from '@app/auth';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { CreateUserDto, UpdateUserDto, UserQueryDto } from './dto/user.dto';

/** Administrators: the people of their scope (an admin: everyone; a unit administrator: its units). */
@ApiTags('admin')
@Controller('api/users')
@Roles('admin', 'unitAdmin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Search by user name, name or e-mail (`q`), unit, role, active; at most 500, by user name. */
  @Get()
  @ApiErrors(401, 403, 422)
  list(@Query() query: UserQueryDto, @CurrentUser() actor: AuthUser) {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
    return userView(await this.users.get(actor, id));
  }

  /** A new user → `{user, oneTimePassword}`: the password is shown this once, and must be changed at the first sign-in. */
  @Post()
  @ApiErrors(401, 403, 409, 422)
  create(@Body() body: CreateUserDto, @CurrentUser() actor: AuthUser) {
    return this.users.create(actor, body);
  }

  /** Unit, roles, position, how they sign, e-mail; `active: false` deactivates, `true` reactivates. */
  @Patch(':id')
  @ApiErrors(401, 403, 404, 409, 422)
  update(@Param('id') id: string, @Body() body: UpdateUserDto, @CurrentUser() actor: AuthUser) {
    return this.users.update(actor, id, body);
  }

  /** A new one-time password → `{oneTimePassword}`, shown once; the user must choose a new one at the next sign-in. */
  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiErrors(401, 403, 404)
  resetPassword(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
    return this.users.resetPassword(actor, id);
  }
}
