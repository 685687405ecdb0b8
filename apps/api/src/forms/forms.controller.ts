import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthUser } from '@app/auth';
import { FormsService, exportFormWorkbook } from '@app/forms';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { sendXlsx } from '../http/xlsx';

@Controller('api/forms')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  @Get()
  list() {
    return this.forms.listLatest();
  }

  @Get(':code')
  get(@Param('code') code: string) {
    return this.forms.get(code);
  }

  /** A blank workbook of the latest version, laid out like the paper form. */
  @Get(':code/xlsx')
  async template(@Param('code') code: string, @Res() res: Response) {
    const def = await this.forms.get(code);
    sendXlsx(res, await exportFormWorkbook(def, null, {}), `${def.code.replace('/', '-')}-mau-trong.xlsx`);
  }

  @Post()
  @Roles('admin')
  create(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.forms.create(body, user.id);
  }
}
