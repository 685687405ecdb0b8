export * from './demo-data';
export * from './demo-periods';
export * from './demo-seed';
export * from './demo-credentials';
export * from './demo-check';
export * from './demo-history';
export * from './demo-tokens';
