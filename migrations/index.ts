import { Foundation1795359456188 } from './1795359456188-foundation';
import { FormsAndReports1795360228651 } from './1795360228651-forms-and-reports';
import { Workflow1795360488675 } from './1795360488675-workflow';
import { Documents1795360899035 } from './1795360899035-documents';
import { Consolidation1795361531364 } from './1795361531364-consolidation';
import { SigningCredentials1795363027779 } from './1795363027779-signing-credentials';
import { SigningImages1795365038275 } from './1795365038275-signing-images';
import { DropMachineSnapshot1796158720637 } from './1796158720637-drop-machine-snapshot';
import { GoLive1796165729808 } from './1796165729808-go-live';
import { RefuseTruncate1796168083419 } from './1796168083419-refuse-truncate';
import { SessionsAndSignInLimits1796168462710 } from './1796168462710-sessions-and-sign-in-limits';
import { Notifications1796170000000 } from './1796170000000-notifications';
import { UnitSuccessors1796174347290 } from './1796174347290-unit-successors';
import { EmailAndReminders1796181024174 } from './1796181024174-email-and-reminders';
import { ReportAcknowledgement1796193130159 } from './1796193130159-report-acknowledgement';
import { AccentInsensitiveSearch1796193175118 } from './1796193175118-accent-insensitive-search';
import { DocumentTypesAndRequests1796206958552 } from './1796206958552-document-types-and-requests';
import { IssuedDocumentModel1796200000000 } from './1796200000000-issued-document-model';
import { IncomingRegisterAndMarks1796207071086 } from './1796207071086-incoming-register-and-marks';
import { TrustStoreAndRevocation1796207392978 } from './1796207392978-trust-store-and-revocation';
import { SignerHeldKeys1796207502204 } from './1796207502204-signer-held-keys';
/** Every migration, in order. The schema comes only from here (never `synchronize`). */
export const MIGRATIONS = [
  Foundation1795359456188,
  FormsAndReports1795360228651,
  Workflow1795360488675,
  Documents1795360899035,
  Consolidation1795361531364,
  SigningCredentials1795363027779,
  SigningImages1795365038275,
  DropMachineSnapshot1796158720637,
  GoLive1796165729808,
  RefuseTruncate1796168083419,
  SessionsAndSignInLimits1796168462710,
  Notifications1796170000000,
  UnitSuccessors1796174347290,
  EmailAndReminders1796181024174,
  ReportAcknowledgement1796193130159,
  AccentInsensitiveSearch1796193175118,
  IssuedDocumentModel1796200000000,
  DocumentTypesAndRequests1796206958552,
  IncomingRegisterAndMarks1796207071086,
  TrustStoreAndRevocation1796207392978,
  SignerHeldKeys1796207502204,
];
