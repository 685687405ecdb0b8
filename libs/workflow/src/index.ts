export * from './report-workflow.rules';
export * from './report.machine';
export * from './relation';
export * from './labels';
