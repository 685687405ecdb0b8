import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, hasRole } from '@app/auth';
import { DomainException, forbidden, notFound, requireUuid } from '@app/common';
import { OrgRepository } from '@app/org';
import { Report } from './entities/report.entity';

export const REPORT_NOT_FOUND = 'Không tìm thấy báo cáo, hoặc bạn không có quyền xem báo cáo này.';

/**
 * Who may see and change a report. A unit's drafts are visible only to that unit; upper units see
 * what their lower units submitted; admins see everything. Not visible answers 404 (no leak).
 */
@Injectable()
export class ReportAccess {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly org: OrgRepository,
  ) {}

  async canView(user: AuthUser, report: Report): Promise<boolean> {
    if (hasRole(user, 'admin') || report.orgUnitId === user.orgUnitId) return true;
    if (report.state === 'submitted' || report.state === 'consolidated') {
      const ancestors = await this.org.ancestorIds(report.orgUnitId);
      if (ancestors.includes(user.orgUnitId)) return true;
      if (report.recipients.some((r) => r.orgUnitId === user.orgUnitId)) return true;
    }
    return false;
  }

  /** The report if the user may see it, else 404. */
  async loadVisible(user: AuthUser, id: string): Promise<Report> {
    const report = await this.ds.getRepository(Report).findOneBy({ id: requireUuid(id, REPORT_NOT_FOUND) });
    if (!report || !(await this.canView(user, report))) throw notFound(REPORT_NOT_FOUND);
    return report;
  }

  /** Content changes: officers of the report's unit, while the draft is being edited. */
  assertCanEdit(user: AuthUser, report: Report): void {
    if (report.orgUnitId !== user.orgUnitId || !hasRole(user, 'officer')) {
      throw forbidden('Chỉ chuyên viên của đơn vị lập báo cáo mới được sửa báo cáo này.');
    }
    assertEditable(report);
  }
}

/** Content can change only while the draft is being edited; says why otherwise. */
export function assertEditable(report: Report): void {
  if (report.state !== 'draft') {
    const why: Record<string, string> = {
      signed: 'Báo cáo đã được lãnh đạo ký, nội dung không thể thay đổi. Nếu cần sửa, đề nghị lãnh đạo hoặc văn thư trả lại để chỉnh sửa.',
      submitted: 'Báo cáo đã được phát hành và gửi đi, nội dung không thể thay đổi.',
      consolidated: 'Báo cáo đã được cấp trên tổng hợp, nội dung không thể thay đổi.',
    };
    throw new DomainException('TRANSITION_NOT_ALLOWED', why[report.state] ?? 'Báo cáo không ở trạng thái dự thảo.', { extra: { state: report.state } });
  }
  if (report.step === 'awaitingSignature') {
    throw new DomainException('TRANSITION_NOT_ALLOWED', 'Báo cáo đang chờ lãnh đạo ký, không thể sửa. Đề nghị lãnh đạo trả lại nếu cần chỉnh sửa.', {
      extra: { state: report.state, step: report.step },
    });
  }
}
