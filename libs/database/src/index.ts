export * from './embedded-postgres';
export * from './advisory-lock';
export * from './data-source';
export * from './migrate';
export * from './sql-conditions';
export * from './ping';
export * from './database-roles';
