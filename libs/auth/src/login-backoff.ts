import { Inject, Injectable } from '@nestjs/common';
import { AUTH_OPTIONS, AuthOptions } from './auth-options';
import { AuthErrors } from './auth.errors';
import { LoginAttemptsRepository } from './login-attempts.repository';

/**
 * The per-account sign-in back-off: at most LOGIN_ACCOUNT_LIMIT attempts per user name and window,
 * whatever the client address, counted in the database so that every process and both the web
 * form and the API share it. Past the limit, every attempt — the right password included — answers
 * 429 with Retry-After until the window ends. (The per-address throttle in front of it keeps one
 * client from spending an account's whole allowance at once.)
 */
@Injectable()
export class LoginBackoff {
  private lastPrune = 0;

  constructor(
    private readonly repo: LoginAttemptsRepository,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  /** Counts an attempt of `key` before the password is checked; refuses it past the limit. */
  async attempt(key: string): Promise<void> {
    const window = this.options.loginAccountWindowSeconds;
    const { attempts, endsIn } = await this.repo.count(key, window);
    if (Date.now() - this.lastPrune > window * 1000) {
      this.lastPrune = Date.now();
      await this.repo.prune(window);
    }
    if (attempts > this.options.loginAccountLimit)
      throw AuthErrors.LOGIN_PAUSED(
        { minutes: Math.ceil(endsIn / 60) },
        { retryAfter: endsIn, logMessage: `sign-in paused after ${attempts} attempts` },
      );
  }

  async succeeded(key: string): Promise<void> {
    await this.repo.clear(key);
  }
}
