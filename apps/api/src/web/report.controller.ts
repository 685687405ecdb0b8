import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WorkflowService } from '@app/approval';
import { AuthUser } from '@app/auth';
import { DomainException, isUuid, parseInput, textProblem } from '@app/common';
import { SIGN_AUTHORITIES, SignAuthority } from '@app/documents';
import { OrgRepository } from '@app/org';
import { PatchReportInput, ReportAccess, ReportFormsService, ReportsService } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { PatchReportSchema } from '../reports/dto/report.dto';
import { changedCells } from './report-grid';
import { WEB_EVENT_TYPES } from './report-actions';
import { splitErrors } from './report-page-errors';
import { ReportPageService } from './report-page.service';
import { formField, formFields, unixLines } from './web-body';
import { SubmissionCheck } from './submission-check.service';
import { okFlash } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';

/** "2024-05-05" that exists. */
const isCalendarDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

type Body = Record<string, unknown>;
const recipientKey = (r: { name?: string; orgUnitId?: string }) =>
  r.orgUnitId ? `u:${r.orgUnitId}` : `n:${r.name}`;

/** The report page: the editor and viewer, saving it, its workflow actions. */
@Controller('reports')
@UseFilters(WebExceptionFilter)
export class WebReportController {
  constructor(
    private readonly page: ReportPageService,
    private readonly reports: ReportsService,
    private readonly reportForms: ReportFormsService,
    private readonly access: ReportAccess,
    private readonly workflow: WorkflowService,
    private readonly org: OrgRepository,
    private readonly submissionCheck: SubmissionCheck,
  ) {}

  @Get(':id')
  async show(
    @Param('id') id: string,
    @Query('ok') ok: string | undefined,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.page.send(req, res, user, id, { flash: okFlash(ok) });
  }

  /** Saves title, narrative, recipients and the changed cells, guarded by the version the page showed. */
  @Post(':id')
  async save(
    @Param('id') id: string,
    @Body() body: Body,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const report = await this.access.loadVisible(user, id);
    const [stored, defs] = await Promise.all([
      this.reportForms.stored(report),
      this.reportForms.definitions(report),
    ]);
    const version = Number(formField(body.version));
    const title = formField(body.title);
    const narrative = unixLines(formField(body.narrative));
    const recipientUnitIds = formFields(body.recipientUnit).filter(isUuid);
    const recipientOther = unixLines(formField(body.recipientOther));
    const { patch, typed, count } = changedCells(defs, stored, body);

    const raw: Record<string, unknown> = { version: Number.isInteger(version) ? version : 0 };
    if ('title' in body && title.trim() !== report.title) raw.title = title;
    if ('narrative' in body && narrative !== report.narrative) raw.narrative = narrative;
    if ('recipientOther' in body || 'recipientUnit' in body) {
      const units = await this.org.namesByIds(recipientUnitIds);
      const recipients = [
        ...recipientUnitIds.filter((u) => units.has(u)).map((orgUnitId) => ({ orgUnitId })),
        ...recipientOther
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((name) => ({ name })),
      ];
      if (recipients.map(recipientKey).join('|') !== report.recipients.map(recipientKey).join('|'))
        raw.recipients = recipients;
    }
    if (count > 0) raw.data = patch;
    if (Object.keys(raw).length === 1 && raw.version === report.version)
      return res.redirect(303, `/reports/${id}?ok=nochange`);

    try {
      // The page's fields are checked by the same schema as the API's PATCH.
      const input: PatchReportInput = parseInput(PatchReportSchema, raw);
      await this.reports.applyPatch(user, report, input);
      res.redirect(303, `/reports/${id}?ok=saved`);
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      const typedContent = {
        title,
        narrative,
        recipientUnitIds,
        recipientOther,
        version: raw.version as number,
      };
      const flash =
        e.code === 'STALE_VERSION'
          ? [
              {
                kind: 'error' as const,
                text: 'Báo cáo đã được người khác lưu sau khi bạn mở trang, nên thay đổi của bạn chưa được lưu. Các giá trị bạn vừa nhập vẫn còn trên trang; hãy chép lại phần cần giữ rồi tải lại báo cáo.',
                href: `/reports/${id}`,
                linkText: 'Tải lại bản mới nhất',
              },
            ]
          : [{ kind: 'error' as const, text: e.userMessage }];
      await this.page.send(req, res, user, id, {
        status: e.status,
        flash,
        ...splitErrors(e),
        typedCells: typed,
        typedContent,
      });
    }
  }

  /** Trình ký, Ký, Phát hành, Tiếp nhận, Trả lại (with its reason): the workflow service decides. */
  @Post(':id/events')
  async event(
    @Param('id') id: string,
    @Body() body: Body,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const type = formField(body.type);
    const comment = formField(body.comment);
    if (!(WEB_EVENT_TYPES as string[]).includes(type)) {
      return this.page.send(req, res, user, id, {
        status: 400,
        flash: [{ kind: 'error', text: 'Thao tác không hợp lệ.' }],
      });
    }
    // SIGN's authority, SUBMIT's issue date and filing unit: optional, checked like the API's.
    const authority = formField(body.authority);
    const issueDate = formField(body.issueDate).trim();
    const filingUnit = formField(body.filingUnit).trim();
    const badDate = issueDate !== '' && !isCalendarDate(issueDate);
    const badFiling = filingUnit.length > 64 || !!textProblem(filingUnit);
    if (type === 'SUBMIT' && (badDate || badFiling))
      return this.page.send(req, res, user, id, {
        status: 422,
        flash: [
          {
            kind: 'error',
            text: badDate ? 'Ngày ban hành không hợp lệ.' : 'Bộ phận lưu không hợp lệ.',
          },
        ],
      });
    // Trình ký of a report with blocking errors or left almost empty: only once the officer
    // confirmed, on the page, the problems it listed (the workflow itself allows it).
    if (type === 'REQUEST_SIGNATURE' && formField(body.confirmProblems) !== '1') {
      const problems = await this.submissionCheck.problems(await this.access.loadVisible(user, id));
      if (problems.length > 0)
        return this.page.send(req, res, user, id, {
          status: 422,
          flash: [
            {
              kind: 'error',
              text: `Chưa trình ký: báo cáo còn ${problems.length} vấn đề (xem "Trước khi trình ký"). Sửa các vấn đề đó, hoặc đánh dấu xác nhận rồi bấm "Trình ký" lần nữa.`,
            },
          ],
        });
    }
    let after;
    try {
      after = await this.workflow.fire(user, id, {
        type: type as (typeof WEB_EVENT_TYPES)[number],
        version: Number(formField(body.version)) || 0,
        ...(type === 'RETURN' ? { comment } : {}),
        ...(type === 'SIGN' && (SIGN_AUTHORITIES as readonly string[]).includes(authority)
          ? { authority: authority as SignAuthority }
          : {}),
        ...(type === 'SUBMIT' && issueDate ? { issueDate } : {}),
        ...(type === 'SUBMIT' && filingUnit ? { filingUnit } : {}),
      });
    } catch (e) {
      if (!(e instanceof DomainException)) throw e;
      const { cellErrors, fieldErrors } = splitErrors(e);
      const stale = e.code === 'STALE_VERSION';
      return this.page.send(req, res, user, id, {
        status: e.status,
        flash: [
          {
            kind: 'error',
            text: e.userMessage,
            ...(stale ? { href: `/reports/${id}`, linkText: 'Tải lại' } : {}),
          },
        ],
        cellErrors,
        fieldErrors: fieldErrors.filter((f) => f.field !== 'comment'),
        returnComment: comment,
        returnError: fieldErrors.find((f) => f.field === 'comment')?.message ?? '',
      });
    }
    // A report returned to a lower unit is its draft again: no longer for the upper unit to see.
    const stillVisible = !(type === 'RETURN' && after.orgUnitId !== user.orgUnitId);
    // A unit signing with tokens: the signature is awaited from the signer's own client.
    const ok = after.pendingSignature ? 'signPending' : type;
    res.redirect(303, stillVisible ? `/reports/${id}?ok=${ok}` : `/?ok=${ok}`);
  }
}
