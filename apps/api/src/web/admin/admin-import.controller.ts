import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ImportJob, ImportService, importTemplate } from '@app/administration';
import { AuthUser } from '@app/auth';
import { DomainException, FieldError } from '@app/common';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import { sendXlsx } from '../../http/file-responses';
import { uploadError, uploadedFile, formField } from '../web-body';
import { Flash, WebContext } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebViews } from '../web-views';

const STATUS_NAMES: Record<string, string> = {
  checking: 'Đang kiểm tra',
  writing: 'Đang ghi dữ liệu',
  done: 'Đã nhập xong',
  failed: 'Không nhập được',
};

function jobView(job: ImportJob) {
  const running = job.status === 'checking' || job.status === 'writing';
  const result = job.result as {
    units?: Record<string, number>;
    users?: Record<string, number>;
    passwords?: number;
  } | null;
  return {
    id: job.id,
    fileName: job.fileName,
    status: job.status,
    statusName: STATUS_NAMES[job.status] ?? job.status,
    running,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    rowsTotal: job.rowsTotal,
    rowsChecked: job.rowsChecked,
    rowsWritten: job.rowsWritten,
    result,
    errors: job.errors ?? [],
    passwordsReady:
      job.status === 'done' && !job.passwordsDownloadedAt && (result?.passwords ?? 0) > 0,
    passwordsDownloadedAt: job.passwordsDownloadedAt,
  };
}

/**
 * Administrators: bulk import of units and users from the template workbook, run in the background:
 * the job's page shows rows checked and written and can be left and come back to; the one-time
 * passwords of the people it created are downloaded once.
 */
@Controller('admin/import')
@UseFilters(WebExceptionFilter)
@Roles('admin', 'unitAdmin')
export class WebAdminImportController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly imports: ImportService,
  ) {}

  @Get()
  async page(@CurrentUser() actor: AuthUser, @Req() req: Request, @Res() res: Response) {
    await this.sendPage(req, res, actor, [], []);
  }

  @Get('template')
  async template(@Res() res: Response) {
    sendXlsx(res, await importTemplate(), 'mau-nhap-don-vi-nguoi-dung.xlsx');
  }

  @Post()
  async upload(@CurrentUser() actor: AuthUser, @Req() req: Request, @Res() res: Response) {
    const refused = uploadError(req);
    if (refused)
      return this.sendPage(
        req,
        res,
        actor,
        [{ kind: 'error', text: refused.message }],
        [],
        refused.status,
      );
    const file = uploadedFile(req);
    const name =
      formField((req as Request & { file?: { originalname?: string } }).file?.originalname ?? '') ||
      'import.xlsx';
    try {
      const jobId = await this.imports.start(
        actor,
        Buffer.from(name, 'latin1').toString('utf8').slice(0, 255),
        file,
      );
      res.redirect(303, `/admin/import/${jobId}`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500) throw e;
      await this.sendPage(
        req,
        res,
        actor,
        [{ kind: 'error', text: e.userMessage }],
        e.errors ?? [],
        e.status,
      );
    }
  }

  @Get(':id')
  async job(
    @Param('id') id: string,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const job = jobView(await this.imports.job(actor, id));
    this.views.send(res, 'admin-import-job', {
      ...(await this.context.base(req, actor, 'admin', `Nhập dữ liệu: ${job.fileName}`)),
      job,
      // While it runs the page reloads itself (no script needed); it can be closed and opened again.
      refreshSeconds: job.running ? 1 : null,
    });
  }

  /** The one-time passwords workbook: once, then it is gone from the server. */
  @Post(':id/passwords')
  async passwords(@Param('id') id: string, @CurrentUser() actor: AuthUser, @Res() res: Response) {
    sendXlsx(res, await this.imports.takePasswords(actor, id), 'mat-khau-mot-lan.xlsx');
  }

  private async sendPage(
    req: Request,
    res: Response,
    actor: AuthUser,
    flash: Flash[],
    errors: FieldError[],
    status = 200,
  ) {
    const recent = (await this.imports.recent(actor)).map(jobView);
    this.views.send(
      res,
      'admin-import',
      {
        ...(await this.context.base(
          req,
          actor,
          'admin',
          'Nhập đơn vị và người dùng từ Excel',
          flash,
        )),
        recent,
        errors,
      },
      status,
    );
  }
}
