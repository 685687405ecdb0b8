import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RecentUsers } from './recent-users';

/** The channel a trigger on app_user notifies (payload: the user's id); see the sessions migration. */
export const USER_CHANGES_CHANNEL = 'app_user_changed';
const RETRY_MS = 2000;

/**
 * Hears PostgreSQL's notification when a user's session version, active flag, roles, unit or
 * password-change flag changes — sent by a trigger, whichever process (another API process, the
 * admin command line) made the change — and forgets that user at once, so a sign-out,
 * deactivation or password reset elsewhere refuses the very next request here too. One
 * connection of its own; while it is down (retried every 2 s) the cache falls back to its
 * 5-second lifetime, and after reconnecting the whole cache is forgotten (notifications may have
 * been missed).
 */
@Injectable()
export class UserChangesListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UserChanges');
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly recent: RecentUsers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: (this.ds.options as { url?: string }).url });
    client.on('notification', (n) => {
      if (n.channel === USER_CHANGES_CHANNEL && n.payload) this.recent.forget(n.payload);
    });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${USER_CHANGES_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.recent.forgetAll();
    } catch (e) {
      this.lost(client, e);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client === client) this.client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    if (this.stopped || this.retry) return;
    this.logger.warn({
      msg: 'user change notifications interrupted; retrying',
      err: String(error),
    });
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, RETRY_MS);
    this.retry.unref();
  }
}
