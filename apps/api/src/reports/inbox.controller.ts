import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { InboxService, PeriodParticipation } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('reports')
@Controller('api/inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly participation: PeriodParticipation,
  ) {}

  /** What waits for the caller, newest first. */
  @Get()
  @ApiErrors(401)
  list(@CurrentUser() user: AuthUser) {
    return this.inbox.inbox(user);
  }

  /** An officer's reports still to be made for open periods (own or consolidated), soonest deadline first. */
  @Get('to-make')
  @ApiErrors(401)
  toMake(@CurrentUser() user: AuthUser) {
    return this.participation.toMake(user);
  }

  /** How much waits for the caller, per kind. */
  @Get('counts')
  @ApiErrors(401)
  counts(@CurrentUser() user: AuthUser) {
    return this.inbox.counts(user);
  }
}
