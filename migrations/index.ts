import { Foundation1795359456188 } from './1795359456188-foundation';

/** Every migration, in order. The schema comes only from here (never `synchronize`). */
export const MIGRATIONS: Function[] = [Foundation1795359456188];
