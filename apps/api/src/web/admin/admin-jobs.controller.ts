import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthUser } from '@app/auth';
import { JobsRepository } from '@app/jobs';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import { JobQuerySchema } from '../../admin/dto/job.dto';
import { WebContext } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebViews } from '../web-views';

const QUEUE_NAMES: Record<string, string> = {
  email: 'Gửi thư điện tử',
  reminders: 'Nhắc hạn và báo cáo chậm',
  digest: 'Thư tổng hợp hằng ngày',
};
const STATE_NAMES: Record<string, string> = {
  failed: 'Thất bại (đã hết lượt thử lại)',
  retry: 'Chờ thử lại',
  active: 'Đang chạy',
  created: 'Chờ chạy',
  completed: 'Đã xong',
  cancelled: 'Đã hủy',
};

/** What a failed attempt left, as a line a person can read (the error's message, not its stack). */
function errorText(output: unknown): string {
  if (output === null || output === undefined) return '';
  const o = output as { message?: unknown };
  const text = typeof o.message === 'string' ? o.message : JSON.stringify(output);
  return text.length > 300 ? text.slice(0, 297) + '…' : text;
}

/** Admins: the job queue's jobs (by default the failed ones), what `GET /api/admin/jobs` answers. */
@Controller('admin/jobs')
@UseFilters(WebExceptionFilter)
@Roles('admin')
export class WebAdminJobsController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly jobs: JobsRepository,
  ) {}

  @Get()
  async page(
    @Query() q: Record<string, unknown>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const parsed = JobQuerySchema.safeParse({ state: q.state || undefined });
    const state = (parsed.success && parsed.data.state) || 'failed';
    const jobs = await this.jobs.list(state, 100, 0);
    this.views.send(res, 'admin-jobs', {
      ...(await this.context.base(req, actor, 'admin', 'Công việc chạy nền')),
      states: Object.entries(STATE_NAMES).map(([value, name]) => ({
        value,
        name,
        selected: value === state,
      })),
      shownState: STATE_NAMES[state],
      jobs: jobs.map((j) => ({
        id: j.id,
        queueName: QUEUE_NAMES[j.queue] ?? j.queue,
        createdOn: j.createdOn,
        completedOn: j.completedOn,
        attempts: `${j.retryCount}/${j.retryLimit}`,
        error: errorText(j.output),
      })),
    });
  }
}
