export * from './app-config';
export * from './config-variables';
export * from './start-refused';
export const APP_CONFIG = Symbol('APP_CONFIG');
export * from './org-slot-config';
