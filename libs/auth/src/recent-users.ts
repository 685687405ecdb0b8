import { Injectable } from '@nestjs/common';
import { AuthUser } from './auth-user';

export const USER_CACHE_MS = 5000;

/** A user as every request checks it: who they are, and which of their sessions are current. */
export interface KnownUser {
  user: AuthUser;
  sessionVersion: number;
  /** The one session (token `sid`) that survives the last raise of the version, or null. */
  keptSession: string | null;
}

/**
 * Users seen in the last few seconds: every request would otherwise read its user again. Changes
 * made by this process forget the user at once (and a read that was under way when it changed is
 * not kept); changes of another process arrive by the database's notification (UserChangesListener),
 * or at worst within USER_CACHE_MS.
 */
@Injectable()
export class RecentUsers {
  private readonly recent = new Map<string, { known: KnownUser | null; until: number }>();
  /** Raised by every forget: a read that started before it must not be cached. */
  private epoch = 0;

  get(id: string, now = Date.now()): KnownUser | null | undefined {
    const hit = this.recent.get(id);
    return hit && hit.until > now ? hit.known : undefined;
  }

  /** Taken before reading a user from the database, and handed to set(). */
  mark(): number {
    return this.epoch;
  }

  /** Keeps what was read, unless a change was forgotten since `mark` (the read may be stale). */
  set(id: string, known: KnownUser | null, mark: number, now = Date.now()): void {
    if (mark !== this.epoch) return;
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(id, { known, until: now + USER_CACHE_MS });
  }

  forget(id: string): void {
    this.epoch++;
    this.recent.delete(id);
  }

  /** After a change of many users at once. */
  forgetAll(): void {
    this.epoch++;
    this.recent.clear();
  }
}
