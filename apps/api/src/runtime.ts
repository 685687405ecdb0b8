import type { AppConfig } from '@app/config';

/** The validated configuration plus what boot resolved (database URL, JWT secret). */
export interface Runtime {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  credentialSecret: string;
}

export const RUNTIME = Symbol('RUNTIME');
