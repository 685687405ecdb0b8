import { Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { WebAccountController } from './account.controller';
import { WebPreferencesController } from './preferences.controller';
import { DashboardCharts } from './dashboard-charts';
import { WebAdminAuditController } from './admin/admin-audit.controller';
import { WebAdminJobsController } from './admin/admin-jobs.controller';
import { WebAdminTrustController } from './admin/admin-trust.controller';
import { WebAdminFormsController } from './admin/admin-forms.controller';
import { WebAdminHomeController } from './admin/admin-home.controller';
import { WebAdminImportController } from './admin/admin-import.controller';
import { WebAdminPeriodsController } from './admin/admin-periods.controller';
import { WebAdminUnitsController } from './admin/admin-units.controller';
import { WebAdminUsersController } from './admin/admin-users.controller';
import { WebArchiveController } from './archive.controller';
import { WebAssetsController } from './assets.controller';
import { CsrfGuard } from './csrf.guard';
import { WebHomeController } from './home.controller';
import { WebNotificationsController } from './notifications.controller';
import { WebPeriodsController } from './periods.controller';
import { WebIndicatorsController } from './indicators.controller';
import { ReportPageService } from './report-page.service';
import { SubmissionCheck } from './submission-check.service';
import { WebReportController } from './report.controller';
import { WebReportFilesController } from './report-files.controller';
import { WebReportsController } from './reports.controller';
import { GlobalExceptionFilter } from './global-exception.filter';
import { WebContext } from './web-context';
import { WebExceptionFilter } from './web-exception.filter';
import { WebSession } from './web-session';
import { WebViews } from './web-views';

export { webBodyParsers } from './web-body';

/** The server-rendered pages (Vietnamese): registered in AppModule next to the API controllers. */
export const WEB_CONTROLLERS = [
  WebAssetsController,
  WebHomeController,
  WebReportsController,
  WebReportController,
  WebReportFilesController,
  WebPeriodsController,
  WebIndicatorsController,
  WebArchiveController,
  WebAccountController,
  WebPreferencesController,
  WebNotificationsController,
  WebAdminHomeController,
  WebAdminUsersController,
  WebAdminUnitsController,
  WebAdminImportController,
  WebAdminPeriodsController,
  WebAdminFormsController,
  WebAdminAuditController,
  WebAdminJobsController,
  WebAdminTrustController,
];

/**
 * Their services, the global CSRF guard (after the JWT and roles guards): it protects the pages'
 * forms and the /api calls that the session cookie authenticates; and the global error filter: JSON
 * under /api, the error page anywhere else (an unknown address opened in a browser).
 */
export const WEB_PROVIDERS: Provider[] = [
  WebViews,
  WebSession,
  WebContext,
  ReportPageService,
  SubmissionCheck,
  DashboardCharts,
  WebExceptionFilter,
  { provide: APP_GUARD, useClass: CsrfGuard },
  { provide: APP_FILTER, useClass: GlobalExceptionFilter },
];
