import { movable } from '@app/workers';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ArchiveErrors,
  ArchiveService,
  RegisterService,
  VerificationService,
  documentView,
} from '@app/archive';
import { ReportDocxService } from '@app/approval';
import { AuthUser } from '@app/auth';
import { vietnamYear } from '@app/common';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';
import { sendDocx, sendPdf, sendXlsx } from '../http/file-responses';
import { ListDocumentsQueryDto, RegisterQueryDto } from './dto/document.dto';

@ApiTags('archive')
@Controller('api/documents')
export class DocumentsController {
  constructor(
    private readonly archive: ArchiveService,
    private readonly verification: VerificationService,
    private readonly register: RegisterService,
    private readonly docx: ReportDocxService,
  ) {}

  /** Issued documents the caller may read: `?year&orgUnitId&q`. */
  @Get()
  @ApiErrors(401, 422)
  list(@Query() query: ListDocumentsQueryDto, @CurrentUser() user: AuthUser) {
    return this.archive.list(user, query);
  }

  /** Documents addressed to the caller's unit. */
  @Get('incoming')
  @ApiErrors(401, 422)
  incoming(@Query() query: ListDocumentsQueryDto, @CurrentUser() user: AuthUser) {
    return this.archive.list(user, query, { incoming: true });
  }

  /** Sổ đăng ký văn bản đi of a unit and year, as PDF (default) or Excel (`format=xlsx`). */
  @Get('register')
  @ApiErrors(401, 404, 422, 429, 503)
  async outgoingRegister(
    @Query() query: RegisterQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const format = query.format ?? 'pdf';
    const { bytes, fileName } = await this.register.file(
      user,
      query.orgUnitId ?? user.orgUnitId,
      query.year ? Number(query.year) : vietnamYear(),
      format,
    );
    if (format === 'xlsx') sendXlsx(res, bytes, fileName);
    else sendPdf(res, bytes, fileName);
  }

  /** Whether an uploaded PDF (the request body, `application/pdf`) is an archived original, and its signatures. */
  @Post('verify')
  @HttpCode(200)
  @ApiConsumes('application/pdf')
  @ApiErrors(400, 401, 413)
  verify(@Req() req: Request, @CurrentUser() user: AuthUser) {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw ArchiveErrors.PDF_MISSING();
    // The upload is read by nothing else: moved to the worker thread, not copied.
    return this.verification.verify(user, movable(req.body));
  }

  @Get(':id')
  @ApiErrors(401, 404)
  async get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return documentView(await this.archive.get(user, id));
  }

  /** The archived original, byte for byte (`X-Document-SHA256`); the read is logged. */
  @Get(':id/pdf')
  @ApiErrors(401, 404)
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { pdf, doc } = await this.archive.readPdf(user, id);
    sendPdf(res, pdf, `${doc.numberText.replace('/', '-')}.pdf`, { sha256: doc.sha256 });
  }

  /** A Word copy (.docx) of the original, from the model it was printed from; the PDF stays the original. */
  @Get(':id/docx')
  @ApiErrors(401, 404, 409)
  async docxCopy(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { bytes, fileName, status } = await this.docx.ofDocument(user, id);
    sendDocx(res, bytes, fileName, status);
  }
}
