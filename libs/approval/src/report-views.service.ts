import { Injectable } from '@nestjs/common';
import { ArchiveService } from '@app/archive';
import { AuthUser } from '@app/auth';
import { FormData } from '@app/forms';
import { OrgDirectory } from '@app/org';
import {
  Report,
  ReportAccess,
  ReportListQuery,
  ReportView,
  ReportsService,
  SigningRequestsRepository,
  toReportView,
} from '@app/reports';
import { Clock } from '@app/common';
import { isOut } from '@app/workflow';

/**
 * Reports as the API shows them, with what their lifecycle added: the number and date of the
 * issued original of a report that is out (from the archive).
 */
@Injectable()
export class ReportViews {
  constructor(
    private readonly reports: ReportsService,
    private readonly access: ReportAccess,
    private readonly archive: ArchiveService,
    private readonly directory: OrgDirectory,
    private readonly requests: SigningRequestsRepository,
    private readonly clock: Clock,
  ) {}

  async get(user: AuthUser, id: string): Promise<ReportView> {
    return this.of(await this.access.loadVisible(user, id));
  }

  /** The full view of a report already read (its stored cells too, when the caller has them). */
  async of(report: Report, stored?: Record<string, FormData>): Promise<ReportView> {
    const [view, issued, pending] = await Promise.all([
      this.reports.view(report, stored),
      // Only a report that is out shows its document number.
      isOut(report.state) ? this.archive.latest([report.id]) : Promise.resolve(new Map()),
      this.requests.pendingOf(report.id),
    ]);
    const doc = issued.get(report.id);
    // Deferred signing: the signature the server waits for (null when none or expired).
    const pendingSignature =
      pending && pending.expiresAt > this.clock.now()
        ? { requestId: pending.id, role: pending.role }
        : null;
    return doc
      ? {
          ...view,
          pendingSignature,
          number: doc.numberText,
          issuedAt: doc.issuedAt.toISOString(),
          documentId: doc.documentId,
        }
      : { ...view, pendingSignature };
  }

  /** The reports the caller may see, with their unit's name and, once out, their number. */
  async list(user: AuthUser, query: ReportListQuery): Promise<ReportView[]> {
    const reports = await this.reports.list(user, query);
    const [names, issued] = await Promise.all([
      this.directory.namesOf(reports.map((r) => r.orgUnitId)),
      this.archive.latest(reports.filter((r) => isOut(r.state)).map((r) => r.id)),
    ]);
    return reports.map((r) =>
      toReportView(r, { unitName: names.get(r.orgUnitId), issued: issued.get(r.id) }),
    );
  }
}
