import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, Preferences, UsersService } from '@app/auth';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';
import { PreferencesDto } from './dto/preferences.dto';

/** Every signed-in user: how notifications reach them by e-mail (their own settings only). */
@ApiTags('notifications')
@Controller('api/me/preferences')
export class PreferencesController {
  constructor(private readonly users: UsersService) {}

  /** `{email, notify}` of the caller. */
  @Get()
  @ApiErrors(401, 403)
  get(@CurrentUser() user: AuthUser): Promise<Preferences> {
    return this.users.preferences(user.id);
  }

  /** `{email?, notify?: "immediate" | "digest" | "off"}` → the settings after the change. */
  @Patch()
  @ApiErrors(401, 403, 422)
  update(@Body() body: PreferencesDto, @CurrentUser() user: AuthUser): Promise<Preferences> {
    return this.users.updatePreferences(user, body);
  }
}
