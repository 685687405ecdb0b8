import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Thin queries over login_attempt (the per-account sign-in back-off). */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Counts one attempt of `key` in one statement (so parallel attempts cannot slip through between a
   * read and a write): a window older than `windowSeconds` starts again at 1. Answers the attempts
   * of the window and the seconds until it ends.
   */
  async count(key: string, windowSeconds: number): Promise<{ attempts: number; endsIn: number }> {
    const rows: { attempts: number; ends_in: number }[] = await this.ds.query(
      `INSERT INTO login_attempt AS a (name_key, window_start, attempts) VALUES ($1, now(), 1)
       ON CONFLICT (name_key) DO UPDATE SET
         attempts = CASE WHEN a.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE a.attempts + 1 END,
         window_start = CASE WHEN a.window_start <= now() - make_interval(secs => $2) THEN now() ELSE a.window_start END
       RETURNING attempts, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS ends_in`,
      [key, windowSeconds],
    );
    return { attempts: rows[0].attempts, endsIn: Math.max(1, rows[0].ends_in) };
  }

  /** A successful sign-in starts the count again. */
  async clear(key: string): Promise<void> {
    await this.ds.query(`DELETE FROM login_attempt WHERE name_key = $1`, [key]);
  }

  /** Forgets windows that ended (names tried once and never again). */
  async prune(windowSeconds: number): Promise<void> {
    await this.ds.query(
      `DELETE FROM login_attempt WHERE window_start <= now() - make_interval(secs => $1)`,
      [windowSeconds],
    );
  }
}
