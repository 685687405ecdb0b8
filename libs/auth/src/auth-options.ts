/** How long sessions live and how often an account may be tried (from the configuration). */
export interface AuthOptions {
  /** Lifetime of an API token, and the absolute limit of a web session (JWT_EXPIRES_IN). */
  tokenLifetimeSeconds: number;
  /** A web session ends after this long without a request (WEB_SESSION_IDLE). */
  webSessionIdleSeconds: number;
  /** Sign-in attempts per user name, from any address, per window (LOGIN_ACCOUNT_LIMIT). */
  loginAccountLimit: number;
  loginAccountWindowSeconds: number;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
