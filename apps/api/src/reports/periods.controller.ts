import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { InboxService, PeriodsService, periodView } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';

@Controller('api/periods')
export class PeriodsController {
  constructor(
    private readonly periods: PeriodsService,
    private readonly inbox: InboxService,
  ) {}

  /** Each lower unit of the caller's unit: state, submission time, on time or not. */
  @Get(':id/status')
  status(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.inbox.periodStatus(user, id);
  }

  @Get()
  async list() {
    return (await this.periods.list()).map(periodView);
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return periodView(await this.periods.get(id));
  }

  @Post()
  @Roles('admin')
  async create(@Body() body: unknown) {
    return periodView(await this.periods.create(body));
  }
}
