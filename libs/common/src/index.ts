export * from './domain.exception';
export * from './json-logger';
export * from './zod-validation';
export * from './project-root';
export * from './uuid';
