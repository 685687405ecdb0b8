import { movable } from '@app/workers';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ArchiveErrors,
  ArchiveService,
  DocumentMarksService,
  IncomingRegisterService,
  RegisterService,
  VerificationService,
} from '@app/archive';
import { ReportDocxService } from '@app/approval';
import { AuthUser } from '@app/auth';
import { vietnamYear } from '@app/common';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';
import { sendDocx, sendPdf, sendXlsx } from '../http/file-responses';
import {
  IncomingRegisterQueryDto,
  ListDocumentsQueryDto,
  RegisterQueryDto,
  SetHandlerDto,
  WithdrawDto,
} from './dto/document.dto';

@ApiTags('archive')
@Controller('api/documents')
export class DocumentsController {
  constructor(
    private readonly archive: ArchiveService,
    private readonly verification: VerificationService,
    private readonly register: RegisterService,
    private readonly incomingRegister: IncomingRegisterService,
    private readonly marks: DocumentMarksService,
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

  /**
   * Sổ đăng ký văn bản đến of the caller's unit (admins: `orgUnitId`) for a year: the lines as JSON,
   * or with `format` the register as PDF or Excel.
   */
  @Get('incoming-register')
  @ApiErrors(401, 404, 422, 429, 503)
  async incomingRegisterOf(
    @Query() query: IncomingRegisterQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: Response,
  ) {
    const year = query.year ? Number(query.year) : vietnamYear();
    if (!query.format) {
      const { lines } = await this.incomingRegister.lines(user, query.orgUnitId, year);
      res.json(
        lines.map((l) => ({
          incomingNumber: l.incomingNumber,
          receivedAt: l.receivedAt,
          documentId: l.documentId,
          numberText: l.numberText,
          issueDate: l.issueDate,
          issuer: l.issuer,
          title: l.title,
          handledBy: l.handledBy,
          acknowledgedAt: l.acknowledgedAt,
          acknowledgedBy: l.acknowledgedBy,
          ...(l.withdrawn ? { withdrawn: l.withdrawn } : {}),
          ...(l.replacedBy ? { replacedBy: l.replacedBy } : {}),
          note: l.note,
        })),
      );
      return;
    }
    const { bytes, fileName } = await this.incomingRegister.file(
      user,
      query.orgUnitId,
      year,
      query.format,
    );
    if (query.format === 'xlsx') sendXlsx(res, bytes, fileName);
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

  /** A document with its marks (`withdrawn`, `replacedBy`) and its deliveries (the sender sees all, a receiving unit its own). */
  @Get(':id')
  @ApiErrors(401, 404)
  async get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    const doc = await this.archive.get(user, id);
    return {
      ...(await this.archive.view(doc)),
      deliveries: await this.incomingRegister.deliveries(user, doc),
    };
  }

  /** The receiving unit acknowledges receipt (officer, head or clerk); a second time → 409. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiErrors(401, 403, 404, 409)
  async acknowledge(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    await this.incomingRegister.acknowledge(user, id);
    return this.get(id, user);
  }

  /** The receiving unit assigns who handles the document (`userId`, or null to clear). */
  @Put(':id/handler')
  @ApiErrors(401, 403, 404, 422)
  async handler(
    @Param('id') id: string,
    @Body() body: SetHandlerDto,
    @CurrentUser() user: AuthUser,
  ) {
    await this.incomingRegister.setHandler(user, id, body.userId);
    return this.get(id, user);
  }

  /** The issuing unit's head withdraws the document with a reason (thu hồi); a second time → 409. */
  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiErrors(401, 403, 404, 409, 422)
  async withdraw(
    @Param('id') id: string,
    @Body() body: WithdrawDto,
    @CurrentUser() user: AuthUser,
  ) {
    await this.marks.withdraw(user, id, body.reason);
    return this.get(id, user);
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
