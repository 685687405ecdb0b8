export * from './renderable-document';
export * from './pdf-renderer';
export * from './print-plan';
export * from './renderer.errors';
export * from './renderer.module';
export { PRE_PRINT_WINDOW_WIDTH } from './chromium-pool';
