import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUDITED_ENTITIES, AuditEntry, AuditService } from '@app/audit';
import { AuthUser, UsersRepository } from '@app/auth';
import { OrgRepository } from '@app/org';
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
  trustAnchor: 'Chứng thư tin cậy',
  revocationList: 'Danh sách thu hồi',
};
export const ACTION_NAMES: Record<string, string> = {
  create: 'Tạo',
  update: 'Sửa',
  import: 'Nhập từ Excel',
  'reset-password': 'Đặt lại mật khẩu',
  'move-unit': 'Chuyển sang đơn vị kế thừa',
  'change-password': 'Đổi mật khẩu',
  publish: 'Phát hành phiên bản',
  copy: 'Tạo từ kỳ trước',
  close: 'Khóa kỳ',
  reopen: 'Mở lại kỳ',
  delete: 'Xóa',
};

/** The fields the trail keeps, as people call them. */
export const FIELD_NAMES: Record<string, string> = {
  code: 'Mã',
  name: 'Tên',
  level: 'Cấp',
  kind: 'Loại',
  parentId: 'Đơn vị cấp trên',
  parentCode: 'Mã đơn vị cấp trên',
  governingBody: 'Cơ quan chủ quản',
  abbreviation: 'Viết tắt',
  placeName: 'Địa danh',
  headerLines: 'Tên cơ quan đầu văn bản',
  filingUnit: 'Bộ phận lưu',
  validFrom: 'Hiệu lực từ',
  validTo: 'Hiệu lực đến',
  successorId: 'Đơn vị kế thừa',
  username: 'Tên đăng nhập',
  fullName: 'Họ tên',
  orgUnitId: 'Đơn vị',
  unitCode: 'Mã đơn vị',
  roles: 'Vai trò',
  positionTitle: 'Chức vụ',
  signAuthority: 'Thẩm quyền ký',
  signHeadTitle: 'Chức danh người đứng đầu',
  email: 'Email',
  active: 'Hoạt động',
  passwordChangeRequired: 'Phải đổi mật khẩu',
  label: 'Tên kỳ',
  deadlines: 'Hạn nộp theo cấp',
  unitDeadlines: 'Gia hạn cho đơn vị',
  open: 'Đang mở',
  title: 'Tên biểu',
  rows: 'Dòng',
  columns: 'Cột',
  rules: 'Quy tắc',
};
const UNIT_FIELDS = new Set(['parentId', 'orgUnitId', 'successorId']);

const show = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);

/** What changed between before and after, field by field (an entry with only "after" lists every field). */
export function changes(
  e: Pick<AuditEntry, 'before' | 'after'>,
  unitName: (id: string) => string | undefined = () => undefined,
): { field: string; before: string; after: string }[] {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
    .map((f) => {
      const text = (v: unknown) =>
        (UNIT_FIELDS.has(f) && typeof v === 'string' ? (unitName(v) ?? v) : show(v)).slice(0, 300);
      return {
        field: FIELD_NAMES[f] ?? f,
        before: e.before ? text(before[f]) : '',
        after: e.after ? text(after[f]) : '',
      };
    });
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
    private readonly org: OrgRepository,
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
    const names = new Map((await this.org.findAll()).map((u) => [u.id, u.name]));
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
        entityText: ENTITY_NAMES[e.entity] ?? e.entity,
        actionText: ACTION_NAMES[e.action] ?? e.action,
        changes: changes(e, (id) => names.get(id)),
      })),
    });
  }
}
