import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { PeriodStatusService, PeriodsService, periodView } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { CreatePeriodDto } from './dto/period.dto';

@ApiTags('periods')
@Controller('api/periods')
export class PeriodsController {
  constructor(
    private readonly periods: PeriodsService,
    private readonly status: PeriodStatusService,
  ) {}

  /** Each lower unit of the caller's unit: state, submission time, on time or not. */
  @Get(':id/status')
  @ApiErrors(401, 403, 404)
  unitStatus(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.status.status(user, id);
  }

  @Get()
  @ApiErrors(401)
  async list() {
    return (await this.periods.list()).map(periodView);
  }

  @Get(':id')
  @ApiErrors(401, 404)
  async get(@Param('id') id: string) {
    return periodView(await this.periods.get(id));
  }

  /** Admin: a new period; its forms are pinned to their latest versions. */
  @Post()
  @Roles('admin')
  @ApiErrors(401, 403, 409, 422)
  async create(@Body() body: CreatePeriodDto) {
    return periodView(await this.periods.create(body));
  }
}
