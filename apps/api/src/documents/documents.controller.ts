import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { DomainException, validationFailed } from '@app/common';
import { DocumentsService, documentView, registerHtml, registerWorkbook } from '@app/documents';
import { CurrentUser } from '../auth/public.decorator';
import { sendXlsx } from '../http/xlsx';

export function sendPdf(res: Response, pdf: Buffer, fileName: string, inline = true) {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${fileName.replace(/[^A-Za-z0-9._-]+/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(pdf);
}

@Controller('api/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** Issued documents the caller may read: `?year&orgUnitId&q`. */
  @Get()
  list(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.documents.list(user, query);
  }

  /** Documents addressed to the caller's unit. */
  @Get('incoming')
  incoming(@Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.documents.list(user, query, { incoming: true });
  }

  /** Sổ đăng ký văn bản đi of a unit and year, as PDF (default) or Excel (`format=xlsx`). */
  @Get('register')
  async register(
    @Query('orgUnitId') orgUnitId: string | undefined,
    @Query('year') year: string | undefined,
    @Query('format') format: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    if (year !== undefined && !/^\d{4}$/.test(year)) throw validationFailed([{ field: 'year', message: 'Năm không hợp lệ.' }]);
    if (format !== undefined && !['pdf', 'xlsx'].includes(format)) throw validationFailed([{ field: 'format', message: 'Chỉ nhận pdf hoặc xlsx.' }]);
    const y = year ? Number(year) : new Date().getFullYear();
    const { unit, docs } = await this.documents.registerEntries(user, orgUnitId ?? user.orgUnitId, y);
    if (format === 'xlsx') return sendXlsx(res, await registerWorkbook(unit, y, docs), `so-van-ban-di-${unit.code}-${y}.xlsx`);
    const pdf = await this.documents.renderer.render(registerHtml(unit, y, docs));
    sendPdf(res, pdf, `so-van-ban-di-${unit.code}-${y}.pdf`);
  }

  /** Whether an uploaded PDF (request body) is an archived original. */
  @Post('verify')
  @HttpCode(200)
  verify(@Req() req: Request, @CurrentUser() user: AuthUser) {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new DomainException('BAD_REQUEST', 'Cần gửi tệp PDF (Content-Type: application/pdf) trong nội dung yêu cầu.');
    return this.documents.verify(user, req.body);
  }

  @Get(':id')
  async get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return documentView(await this.documents.get(user, id));
  }

  /** The archived original, byte for byte. */
  @Get(':id/pdf')
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { pdf, doc } = await this.documents.readPdf(user, id);
    res.setHeader('X-Document-SHA256', doc.sha256);
    sendPdf(res, pdf, `${doc.numberText.replace('/', '-')}.pdf`);
  }
}
