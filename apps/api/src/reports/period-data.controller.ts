import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '@app/auth';
import {
  PeriodDataService,
  indicatorTableWorkbook,
  longCsv,
  longWorkbook,
} from '@app/consolidation';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';
import { sendCsv, sendXlsx } from '../http/file-responses';
import { PeriodExportQueryDto, PeriodTableQueryDto, columnKeys } from './dto/period-data.dto';

@ApiTags('periods')
@Controller('api/periods')
export class PeriodDataController {
  constructor(private readonly data: PeriodDataService) {}

  /**
   * The caller's lower units × chosen indicators of a form (`columns=I.1:y2024,III.1:y2024`), each
   * unit with its state (submitted, late, missing — a missing unit has no values, never zeros), and
   * the consolidated total; `format=xlsx` → the same as a workbook.
   */
  @Get(':id/table')
  @ApiErrors(401, 403, 404, 422)
  async table(
    @Param('id') id: string,
    @Query() q: PeriodTableQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const table = await this.data.table(user, id, { form: q.form, columns: columnKeys(q.columns) });
    if (q.format !== 'xlsx') return table;
    const bytes = await indicatorTableWorkbook(table, await this.data.unitName(user));
    sendXlsx(res, bytes, `bang-chi-tieu-${table.form.replace('/', '-')}-${table.period.code}.xlsx`);
  }

  /** Every non-empty cell of the lower units' reports that are out, one line each (unit, form, row, column, value, state, report number): CSV or xlsx. */
  @Get(':id/export')
  @ApiErrors(401, 403, 404, 422)
  async export(
    @Param('id') id: string,
    @Query() q: PeriodExportQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const { period, lines } = await this.data.long(user, id);
    const name = `so-lieu-${period.code}`;
    if (q.format === 'xlsx') sendXlsx(res, await longWorkbook(lines), `${name}.xlsx`);
    else sendCsv(res, longCsv(lines), `${name}.csv`);
  }
}
