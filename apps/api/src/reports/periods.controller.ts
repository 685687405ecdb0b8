import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { PeriodsService, periodView } from '@app/reports';
import { Roles } from '../auth/roles.guard';

@Controller('api/periods')
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

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
