import { Injectable } from '@nestjs/common';
import { AuthUser } from './auth-user';

export const USER_CACHE_MS = 5000;

/**
 * Users seen in the last few seconds: every request would otherwise read its user again. Changes
 * made by this process forget the user at once; another process sees them within USER_CACHE_MS.
 */
@Injectable()
export class RecentUsers {
  private readonly recent = new Map<string, { user: AuthUser | null; until: number }>();

  get(id: string, now = Date.now()): AuthUser | null | undefined {
    const hit = this.recent.get(id);
    return hit && hit.until > now ? hit.user : undefined;
  }

  set(id: string, user: AuthUser | null, now = Date.now()): void {
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(id, { user, until: now + USER_CACHE_MS });
  }

  forget(id: string): void {
    this.recent.delete(id);
  }

  /** After a change of many users at once. */
  forgetAll(): void {
    this.recent.clear();
  }
}
