export * from './domain.exception';
export * from './zod-validation';
export * from './project-root';
export * from './uuid';
export * from './vietnam-time';
export * from './vietnamese-number';
export * from './secret-cipher';
