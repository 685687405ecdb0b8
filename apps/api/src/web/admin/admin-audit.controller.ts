import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUDITED_ENTITIES, AuditEntry, AuditService } from '@app/audit';
import { AuthUser, UsersRepository } from '@app/auth';
import { CurrentUser } from '../../auth/public.decorator';
import { Roles } from '../../auth/roles.guard';
import { WebContext } from '../web-context';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebViews } from '../web-views';

export const ENTITY_NAMES: Record<string, string> = {
  user: 'Người dùng',
  unit: 'Đơn vị',
  period: 'Kỳ báo cáo',
  form: 'Biểu mẫu',
  import: 'Nhập dữ liệu',
};
export const ACTION_NAMES: Record<string, string> = {
  create: 'Tạo',
  update: 'Sửa',
  import: 'Nhập từ Excel',
  'reset-password': 'Đặt lại mật khẩu',
  'change-password': 'Đổi mật khẩu',
  publish: 'Phát hành phiên bản',
  copy: 'Tạo từ kỳ trước',
  close: 'Khóa kỳ',
  reopen: 'Mở lại kỳ',
};

const show = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/** What changed between before and after, field by field (an entry with only "after" lists every field). */
export function changes(
  e: Pick<AuditEntry, 'before' | 'after'>,
): { field: string; before: string; after: string }[] {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
    .map((f) => ({
      field: f,
      before: e.before ? show(before[f]).slice(0, 300) : '',
      after: e.after ? show(after[f]).slice(0, 300) : '',
    }));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Admins: the administrative audit trail, filtered by who, what, when. */
@Controller('admin/audit')
@UseFilters(WebExceptionFilter)
@Roles('admin')
export class WebAdminAuditController {
  constructor(
    private readonly views: WebViews,
    private readonly context: WebContext,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
  ) {}

  @Get()
  async page(
    @Query() q: Record<string, string | undefined>,
    @CurrentUser() actor: AuthUser,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const entity = (AUDITED_ENTITIES as readonly string[]).includes(q.entity ?? '')
      ? q.entity
      : undefined;
    const from = DATE.test(q.from ?? '') ? q.from : undefined;
    const to = DATE.test(q.to ?? '') ? q.to : undefined;
    const username = (q.actor ?? '').trim().toLowerCase().slice(0, 64);
    const actorUser = username ? await this.users.findByUsername(username) : null;
    const entityId = q.entityId && /^[\w@/.-]{1,64}$/.test(q.entityId) ? q.entityId : undefined;
    const entries =
      username && !actorUser
        ? []
        : await this.audit.list({ actorId: actorUser?.id, entity, entityId, from, to, limit: 300 });
    this.views.send(res, 'admin-audit', {
      ...(await this.context.base(req, actor, 'admin', 'Nhật ký quản trị')),
      filter: {
        actor: username,
        entity: entity ?? '',
        from: from ?? '',
        to: to ?? '',
        entityId: entityId ?? '',
      },
      unknownActor: !!username && !actorUser,
      entities: AUDITED_ENTITIES.map((e) => ({ value: e, name: ENTITY_NAMES[e] })),
      entries: entries.map((e) => ({
        ...e,
        entityName: ENTITY_NAMES[e.entity] ?? e.entity,
        actionName: ACTION_NAMES[e.action] ?? e.action,
        changes: changes(e),
      })),
    });
  }
}
