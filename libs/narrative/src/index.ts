export * from './figures';
export * from './matcher';
export * from './targets';
export * from './evaluation';
