export * from './embedded-postgres';
export * from './advisory-lock';
export * from './schema';
export * from './migrate';
