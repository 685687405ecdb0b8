import { ReportingPeriod } from './entities/period.entity';
import { Report } from './entities/report.entity';
import { ReportCell } from './entities/report-cell.entity';
import { ReportHistory } from './entities/report-history.entity';
import { ReportSignature } from './entities/report-signature.entity';
import { SigningRequest } from './entities/signing-request.entity';

export * from './entities/period.entity';
export * from './entities/report.entity';
export * from './entities/report-cell.entity';
export * from './entities/report-history.entity';
export * from './entities/report-signature.entity';
export * from './entities/signing-request.entity';
export * from './signing-requests.repository';
export * from './reports.errors';
export * from './reports.repository';
export * from './report-cells.repository';
export * from './report-signatures.repository';
export * from './report-access';
export * from './report-outline';
export * from './report-view';
export * from './report-forms.service';
export * from './report-transitions.service';
export * from './periods.repository';
export * from './periods.service';
export * from './period-status.service';
export * from './report-inputs';
export * from './reports.service';
export * from './reports.module';
export * from './content-hash';
export * from './inbox.service';
export * from './period-participation';
export * from './report-requests.service';

/** The tables this context owns. */
export const REPORTS_ENTITIES = [
  ReportingPeriod,
  Report,
  ReportCell,
  ReportHistory,
  ReportSignature,
  SigningRequest,
];
