import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '@app/auth';
import { vietnamYear } from '@app/common';
import { FormsService, exportFormWorkbook, withYear } from '@app/forms';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { sendXlsx } from '../http/file-responses';

@ApiTags('forms')
@Controller('api/forms')
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  /** `[{code, version, title}]`: the latest version of each form. */
  @Get()
  @ApiErrors(401)
  list() {
    return this.forms.listLatest();
  }

  /** A form definition (latest version); `:code` URL-encoded (`01%2FTE`). */
  @Get(':code')
  @ApiErrors(401, 404)
  get(@Param('code') code: string) {
    return this.forms.get(code);
  }

  /** A blank workbook of the latest version, laid out like the paper form, for this year. */
  @Get(':code/xlsx')
  @ApiErrors(401, 404)
  async template(@Param('code') code: string, @Res() res: Response) {
    const def = withYear(await this.forms.get(code), vietnamYear());
    sendXlsx(
      res,
      await exportFormWorkbook(def, null, {}),
      `${def.code.replace('/', '-')}-mau-trong.xlsx`,
    );
  }

  /**
   * Admin: a new form, or the next version of one. The definition is checked by the form rules
   * (duplicate keys, unknown types, rules and ratios that point nowhere): each problem → 422.
   */
  @Post()
  @Roles('admin')
  @ApiBody({
    description: 'A form definition (docs/api.md, "Form definitions").',
    schema: { type: 'object', required: ['code', 'title', 'columns', 'rows'] },
  })
  @ApiErrors(401, 403, 413, 422)
  create(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.forms.create(body, user);
  }
}
