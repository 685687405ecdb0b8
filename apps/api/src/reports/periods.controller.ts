import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { PeriodStatusService, PeriodsService, periodView } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { CopyPeriodDto, CreatePeriodDto, UpdatePeriodDto } from './dto/period.dto';

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
  async create(@Body() body: CreatePeriodDto, @CurrentUser() actor: AuthUser) {
    return periodView(await this.periods.create(body, actor));
  }

  /** Admin: a new period from this one ("copy 2025-H2 to 2026-H1"): its forms, its deadlines moved as far as the cut-off. */
  @Post(':id/copy')
  @Roles('admin')
  @ApiErrors(401, 403, 404, 409, 422)
  async copy(@Param('id') id: string, @Body() body: CopyPeriodDto, @CurrentUser() actor: AuthUser) {
    return periodView(await this.periods.copy(actor, id, body));
  }

  /** Admin: label, deadlines per level, a unit's extended deadline; `closed: true` closes it (no new report, no edit), `false` reopens. */
  @Patch(':id')
  @Roles('admin')
  @ApiErrors(401, 403, 404, 422)
  async update(
    @Param('id') id: string,
    @Body() body: UpdatePeriodDto,
    @CurrentUser() actor: AuthUser,
  ) {
    return periodView(await this.periods.update(actor, id, body));
  }
}
