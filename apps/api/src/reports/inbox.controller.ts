import { Controller, Get } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { InboxService } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';

@Controller('api/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  list(@CurrentUser() user: AuthUser) {
    return this.inbox.inbox(user);
  }
}
