export * from './approval.errors';
export * from './transition-effects';
export * from './workflow.service';
export * from './issuing.service';
export * from './report-document.service';
export * from './report-pdf.service';
export * from './report-views.service';
export * from './approval.module';
