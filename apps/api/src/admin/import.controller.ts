import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { importTemplate, ImportService } from '@app/administration';
import { AuthUser } from '@app/auth';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { sendXlsx, XLSX_MIME } from '../http/file-responses';

/** Bulk import of units and users from one workbook (sheets "Đơn vị" and "Người dùng"). */
@ApiTags('admin')
@Controller('api/admin/import')
@Roles('admin', 'unitAdmin')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  /**
   * The body is the .xlsx. All or nothing: every problem → 422 with its sheet and row; otherwise
   * `{units: {created, updated, unchanged}, users: {…}, passwords: [{username, oneTimePassword}]}`,
   * the one-time passwords of the users it created, shown this once.
   */
  @Post()
  @HttpCode(200)
  @ApiConsumes(XLSX_MIME, 'application/octet-stream')
  @ApiErrors(400, 401, 403, 413, 422)
  async import(
    @Query('fileName') fileName: string | undefined,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
  ) {
    const bytes = Buffer.isBuffer(req.body) ? req.body : undefined;
    const outcome = await this.imports.importNow(
      actor,
      (fileName ?? 'import.xlsx').slice(0, 255),
      bytes,
    );
    return {
      ...outcome,
      passwords: outcome.passwords.map((p) => ({
        username: p.username,
        oneTimePassword: p.oneTimePassword,
      })),
    };
  }

  /** The workbook to fill in. */
  @Get('template')
  @ApiErrors(401, 403)
  async template(@Res() res: Response) {
    sendXlsx(res, await importTemplate(), 'mau-nhap-don-vi-nguoi-dung.xlsx');
  }
}
