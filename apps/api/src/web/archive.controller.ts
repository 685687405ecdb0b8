import { Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import {
  ArchiveService,
  IncomingRegisterService,
  RegisterService,
  VerificationService,
  VerifyResult,
} from '@app/archive';
import { DomainException, vietnamYear } from '@app/common';
import { registerRows } from '@app/documents';
import { OrgRepository } from '@app/org';
import { sendPdf } from '../http/file-responses';
import { CurrentUser } from '../auth/public.decorator';
import { uploadError, uploadedFile } from './web-body';
import { Flash, WebContext } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The archive of issued originals: search, open, verify a file, the outgoing and incoming registers. */
@Controller()
@UseFilters(WebExceptionFilter)
export class WebArchiveController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly archive: ArchiveService,
    private readonly verification: VerificationService,
    private readonly register: RegisterService,
    private readonly org: OrgRepository,
    private readonly incoming: IncomingRegisterService,
  ) {}

  @Get('archive')
  async search(
    @Query() q: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.send(req, res, user, q);
  }

  /** Whether an uploaded PDF is an archived original (its SHA-256 against the archive). */
  @Post('archive/verify')
  async verify(@CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response) {
    const refused = uploadError(req);
    const file = uploadedFile(req);
    if (refused)
      return this.send(
        req,
        res,
        user,
        {},
        { flash: [{ kind: 'error', text: refused.message }], status: refused.status },
      );
    if (!file || file.length === 0)
      return this.send(
        req,
        res,
        user,
        {},
        { flash: [{ kind: 'error', text: 'Chưa chọn tệp PDF để kiểm tra.' }], status: 400 },
      );
    const result = await this.verification.verify(user, file);
    await this.send(req, res, user, {}, { verify: result });
  }

  /** An archived original, byte for byte (the read is logged). */
  @Get('documents/:id/pdf')
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response) {
    const { pdf, doc } = await this.archive.readPdf(user, id);
    sendPdf(res, pdf, `${doc.numberText.replace('/', '-')}.pdf`, { sha256: doc.sha256 });
  }

  private async send(
    req: Request,
    res: Response,
    user: AuthUser,
    q: Record<string, unknown>,
    extra: { flash?: Flash[]; status?: number; verify?: VerifyResult } = {},
  ) {
    const number = str(q.number).slice(0, 100);
    const text = str(q.q).slice(0, 200);
    const yearText = str(q.year);
    const year = /^\d{4}$/.test(yearText) ? yearText : '';
    const flash = [...(extra.flash ?? [])];
    if (yearText && !year)
      flash.push({ kind: 'warning', text: 'Năm phải gồm 4 chữ số; đã bỏ qua điều kiện năm.' });

    // Both phrases in SQL, accents and case ignored: the number in the number, the text in title, number or issuer.
    const docs = await this.archive.list(user, {
      ...(year ? { year } : {}),
      ...(number ? { number } : {}),
      ...(text ? { q: text } : {}),
    });

    const registerYearText = str(q.registerYear);
    const registerYear = /^\d{4}$/.test(registerYearText)
      ? Number(registerYearText)
      : vietnamYear();
    // The register of the user's unit, or of one of its lower units.
    const [units, lower] = await Promise.all([
      this.org.findAll(),
      this.org.descendantIds(user.orgUnitId),
    ]);
    const registerUnits = units.filter((u) => u.id === user.orgUnitId || lower.includes(u.id));
    const registerUnitId = registerUnits.some((u) => u.id === q.registerUnit)
      ? (q.registerUnit as string)
      : user.orgUnitId;
    let register: { rows: string[][]; unitName: string; year: number; unitId: string } | null =
      null;
    try {
      const { unit, entries } = await this.register.entries(user, registerUnitId, registerYear);
      register = {
        rows: registerRows(entries),
        unitName: unit.name,
        year: registerYear,
        unitId: unit.id,
      };
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
    }
    // The incoming register of the user's own unit (only the receiving unit reads it).
    const incoming = await this.incoming.rows(user, undefined, registerYear);
    this.views.send(
      res,
      'archive',
      {
        ...(await this.context.base(req, user, 'archive', 'Lưu trữ văn bản', flash)),
        search: { number, q: text, year: yearText },
        searched: !!(number || text || year),
        docs,
        verify: extra.verify ?? null,
        register,
        incoming: {
          rows: incoming.rows.map((cells, i) => ({
            cells,
            documentId: incoming.documentIds[i],
          })),
          unitName: incoming.unit.name,
          unitId: incoming.unit.id,
          year: registerYear,
        },
        registerUnits: registerUnits.map((u) => ({
          id: u.id,
          name: u.name,
          selected: u.id === registerUnitId,
        })),
      },
      extra.status ?? 200,
    );
  }
}
