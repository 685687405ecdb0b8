import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuthUser } from '@app/auth';
import { own, vietnamDate } from '@app/common';
import { NotificationsService } from '@app/notifications';
import { OrgRepository } from '@app/org';
import { InboxCounts, InboxService, PeriodsService } from '@app/reports';
import { WebSession } from './web-session';

export interface Flash {
  kind: 'ok' | 'error' | 'warning' | 'info';
  text: string;
  /** Optional link shown after the text (e.g. "Tải lại"). */
  href?: string;
  linkText?: string;
}

/** Fixed messages after a redirect (?ok=code): no user text ever travels in the URL. */
export const OK_MESSAGES: Record<string, string> = {
  saved: 'Đã lưu báo cáo.',
  created: 'Đã lập báo cáo mới từ đề cương báo cáo. Hãy điền nội dung và số liệu rồi lưu.',
  exists: 'Đơn vị đã có báo cáo của kỳ này; đây là báo cáo đó.',
  nochange: 'Không có thay đổi nào để lưu.',
  imported: 'Đã nhập số liệu từ tệp Excel.',
  consolidated: 'Đã tổng hợp số liệu từ báo cáo của các đơn vị cấp dưới.',
  REQUEST_SIGNATURE: 'Đã trình lãnh đạo ký.',
  SIGN: 'Đã ký báo cáo.',
  signPending:
    'Văn bản đã sẵn sàng để ký: mở ứng dụng ký số trên máy của bạn để ký bằng thiết bị ký số của mình.',
  SUBMIT: 'Đã phát hành báo cáo: văn bản đã được cấp số, lưu trữ và gửi đi.',
  RETURN: 'Đã trả lại báo cáo kèm lý do.',
  ACKNOWLEDGE: 'Đã tiếp nhận báo cáo; đơn vị gửi được thông báo.',
  signedout: 'Bạn đã đăng xuất.',
  password: 'Đã đổi mật khẩu.',
  userSaved: 'Đã lưu thông tin người dùng.',
  userActivated: 'Đã mở khóa tài khoản.',
  userDeactivated: 'Đã khóa tài khoản: người này không đăng nhập được nữa.',
  unitSaved: 'Đã lưu thông tin đơn vị.',
  unitCreated: 'Đã tạo đơn vị.',
  periodCreated: 'Đã tạo kỳ báo cáo.',
  periodSaved: 'Đã lưu kỳ báo cáo.',
  periodClosed: 'Đã khóa kỳ báo cáo: không lập mới hay sửa báo cáo được nữa.',
  periodReopened: 'Đã mở lại kỳ báo cáo.',
  formPublished: 'Đã phát hành phiên bản mới của biểu mẫu.',
  trustAdded: 'Đã thêm chứng thư vào danh sách tin cậy.',
  trustRemoved: 'Đã bỏ chứng thư khỏi danh sách tin cậy.',
  crlUploaded: 'Đã tải lên danh sách thu hồi.',
  crlRemoved: 'Đã xóa danh sách thu hồi.',
  notificationsRead: 'Đã đánh dấu tất cả thông báo là đã đọc.',
  preferences: 'Đã lưu cách nhận thông báo.',
  documentAcknowledged: 'Đã tiếp nhận văn bản; đơn vị gửi thấy được việc tiếp nhận.',
  documentWithdrawn:
    'Đã thu hồi văn bản; sổ văn bản, kho lưu trữ và việc kiểm tra bản gốc đều ghi rõ.',
  handlerSaved: 'Đã lưu người xử lý văn bản.',
};

export function okFlash(code: unknown): Flash[] {
  const text = typeof code === 'string' ? own(OK_MESSAGES, code) : undefined;
  return text ? [{ kind: 'ok', text }] : [];
}

/** What every signed-in page shows: the header (name, unit, roles), the navigation, the CSRF token. */
@Injectable()
export class WebContext {
  constructor(
    private readonly org: OrgRepository,
    private readonly session: WebSession,
    private readonly periods: PeriodsService,
    private readonly notifications: NotificationsService,
    private readonly inbox: InboxService,
  ) {}

  async base(
    req: Request,
    user: AuthUser | null,
    active: string,
    pageTitle: string,
    flash: Flash[] = [],
  ) {
    const csrf = this.session.csrfFor(req);
    if (!user) return { pageTitle, active, csrf, flash, user: null };
    const [unit, children, { count: bellCount }, work] = await Promise.all([
      this.org.findById(user.orgUnitId),
      this.org.childrenOn(user.orgUnitId, vietnamDate()),
      this.notifications.unreadCount(user.id),
      this.inbox.counts(user),
    ]);
    // Upper units: the dashboard of the latest open period, one click away.
    const latestOpen = children.length
      ? (await this.periods.list()).find((p) => p.open)
      : undefined;
    return {
      pageTitle,
      active,
      csrf,
      flash,
      user: {
        fullName: user.fullName,
        username: user.username,
        roles: user.roles,
        positionTitle: user.positionTitle,
        unitName: unit?.name ?? '',
        isOfficer: user.roles.includes('officer'),
        isAdmin: user.roles.includes('admin'),
        canAdminister: user.roles.includes('admin') || user.roles.includes('unitAdmin'),
        mustChangePassword: user.passwordChangeRequired,
        hasLowerUnits: children.length > 0,
      },
      dashboardHref: latestOpen ? `/periods/${latestOpen.id}/dashboard` : null,
      // The bell of the header: unread notifications, counted when the page is made.
      bellCount,
      bellLabel: bellCount > 99 ? '99+' : String(bellCount),
      // "Việc cần làm" in the header: how much waits, and of which kinds.
      work: { total: work.total, summary: workSummary(work) },
    };
  }
}

const WORK_KINDS: [keyof Omit<InboxCounts, 'total'>, string][] = [
  ['sign', 'chờ ký'],
  ['issue', 'chờ phát hành'],
  ['revise', 'cần sửa'],
  ['review', 'chờ xem xét'],
  ['toMake', 'báo cáo cần lập'],
];

/** "2 chờ ký, 1 báo cáo cần lập" (the kinds that have any). */
export function workSummary(c: InboxCounts): string {
  return WORK_KINDS.filter(([k]) => c[k] > 0)
    .map(([k, name]) => `${c[k]} ${name}`)
    .join(', ');
}
