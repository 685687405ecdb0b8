import type { FormData } from '@app/forms';
import type { Recipient, Report } from './entities/report.entity';
import type { ReportSignature } from './entities/report-signature.entity';

/** A head's signature as the API shows it. */
export interface SignatureView {
  signerId: string;
  signerName: string;
  positionTitle: string | null;
  signAuthority: string | null;
  signHeadTitle: string | null;
  signedAt: Date;
  sha256: string;
  reportVersion: number;
}

/** The issued original of a report that is out: its archive id, number and time. */
export interface IssuedRef {
  documentId: string;
  numberText: string;
  issuedAt: Date;
}

/** What the API shows of a report (CONTRACT.md). */
export interface ReportView {
  id: string;
  orgUnitId: string;
  orgUnitName?: string;
  periodId: string;
  type: string;
  kind: string;
  /** A CV or KH asking lower units for a report: the forms' codes, the deadline, the units asked. */
  request: { forms: string[]; deadline: string; orgUnitIds: string[] } | null;
  consolidation?: unknown;
  title: string;
  state: string;
  step: string | null;
  version: number;
  narrative: string;
  recipients: Recipient[];
  forms: string[];
  data: Record<string, FormData>;
  number: string | null;
  issuedAt: string | null;
  documentId?: string | null;
  submittedAt: Date | null;
  /** When the direct upper unit acknowledged receipt (ACKNOWLEDGE); null until then. */
  acknowledgedAt: Date | null;
  /** The issued document this report replaces (thay thế), and the report that replaced this one. */
  replacesDocumentId: string | null;
  supersededByReportId: string | null;
  signatures: SignatureView[];
  /** Deferred signing: the signature the server waits for (token mode), null when none. */
  pendingSignature?: { requestId: string; role: 'head' | 'organisation' } | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReportViewParts {
  unitName?: string;
  /** Full data with computed cells; lists leave it empty. */
  data?: Record<string, FormData>;
  signatures?: ReportSignature[];
  issued?: IssuedRef | null;
}

/** The view of a report from what the caller has read. */
export function toReportView(r: Report, parts: ReportViewParts = {}): ReportView {
  return {
    id: r.id,
    orgUnitId: r.orgUnitId,
    orgUnitName: parts.unitName,
    periodId: r.periodId,
    type: r.type,
    kind: r.kind,
    request: r.request
      ? {
          forms: r.request.forms.map((f) => f.code),
          deadline: r.request.deadline,
          orgUnitIds: r.request.orgUnitIds,
        }
      : null,
    consolidation: r.consolidation,
    title: r.title,
    state: r.state,
    step: r.state === 'draft' ? r.step : null,
    version: r.version,
    narrative: r.narrative,
    recipients: r.recipients,
    forms: r.forms.map((f) => f.code),
    data: parts.data ?? {},
    number: parts.issued?.numberText ?? null,
    issuedAt: parts.issued?.issuedAt.toISOString() ?? null,
    documentId: parts.issued?.documentId ?? null,
    submittedAt: r.submittedAt,
    acknowledgedAt: r.acknowledgedAt ?? null,
    replacesDocumentId: r.replacesDocumentId ?? null,
    supersededByReportId: r.supersededByReportId ?? null,
    signatures: (parts.signatures ?? []).map((s) => ({
      signerId: s.signerId,
      signerName: s.signerName,
      positionTitle: s.positionTitle,
      signAuthority: s.signAuthority,
      signHeadTitle: s.signHeadTitle,
      signedAt: s.signedAt,
      sha256: s.contentSha256,
      reportVersion: s.reportVersion,
    })),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
