import { Body, Controller, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ReportDocxService } from '@app/approval';
import { AuthUser } from '@app/auth';
import { DomainException } from '@app/common';
import { ReportAccess } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { ReportPageService } from './report-page.service';
import { formField, uploadError, uploadedFile } from './web-body';
import { WebContext } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebViews } from './web-views';

const KIND = { changed: 'Sửa', added: 'Thêm', removed: 'Bỏ' } as const;

/**
 * The narrative of an edited Word copy of a draft: the upload shows what would change, paragraph
 * by paragraph; saving is the report form's own save (POST /reports/:id) with that narrative.
 */
@Controller('reports')
@UseFilters(WebExceptionFilter)
export class WebReportDocxController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly page: ReportPageService,
    private readonly access: ReportAccess,
    private readonly docx: ReportDocxService,
  ) {}

  @Post(':id/docx')
  async preview(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const fail = (status: number, text: string) =>
      this.page.send(req, res, user, id, { status, flash: [{ kind: 'error', text }] });
    const refused = uploadError(req);
    if (refused) return fail(refused.status, refused.message);
    const file = uploadedFile(req);
    if (!file || file.length === 0) return fail(400, 'Chưa chọn tệp Word (.docx) để tải lên.');
    let result;
    try {
      result = await this.docx.importNarrative(user, id, file, { preview: true });
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      return fail(e.status, e.userMessage);
    }
    const report = await this.access.loadVisible(user, id);
    const version = Number(formField(body.version));
    this.views.send(res, 'report-docx-import', {
      ...(await this.context.base(req, user, 'reports', 'Nhập nội dung từ bản Word')),
      report: { id: report.id, title: report.title },
      // The version the page was opened at: a save after someone else's is refused (409).
      version: Number.isInteger(version) && version > 0 ? version : result.version,
      narrative: result.narrative,
      changes: result.changes.map((c) => ({ ...c, label: KIND[c.kind] })),
    });
  }
}
