import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { InboxService } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('reports')
@Controller('api/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  /** What waits for the caller, newest first. */
  @Get()
  @ApiErrors(401)
  list(@CurrentUser() user: AuthUser) {
    return this.inbox.inbox(user);
  }
}
