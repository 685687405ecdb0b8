import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, vietnamDate } from '@app/common';
import { JobQueue } from '@app/jobs';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { digestMail, noticeMail } from './email-messages';
import { Mailer } from './mailer';

/** The web page where a person chooses how notifications reach them. */
export const PREFERENCES_PATH = '/account/notifications';

/**
 * E-mail of notifications. A notification whose recipient wants each at once gets a delivery row
 * and an `email` job in the transaction that writes it; a digest user's notifications wait for the
 * daily `digest` pass, which puts every one not yet e-mailed into one delivery. The `email` job
 * records the attempt, then sends, then marks it sent: a job run again after it was sent sends
 * nothing. The edge that remains (at-least-once): a process that dies after the mail server
 * accepted the message but before it marked it sent — the retry sends it again, with the same
 * Message-ID.
 */
@Injectable()
export class EmailService implements OnModuleInit {
  private readonly logger = new Logger('EmailService');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: EmailDeliveriesRepository,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.handle('email', (data) => this.deliver(String(data.deliveryId)));
    this.jobs.handle('digest', async () => void (await this.digestPass()));
  }

  /** In the transaction that wrote the notifications: their immediate e-mails, as jobs. */
  async enqueueImmediate(em: EntityManager, notificationIds: string[]): Promise<void> {
    if (!this.mailer.enabled) return;
    for (const deliveryId of await this.repo.forImmediate(em, notificationIds))
      await this.jobs.send('email', { deliveryId }, { em });
  }

  /** One digest per digest user (once a Vietnam day), each sent by an `email` job; how many. */
  async digestPass(now: Date = this.clock.now()): Promise<number> {
    if (!this.mailer.enabled) return 0;
    let made = 0;
    for (const userId of await this.repo.digestUsers(now)) {
      const key = `digest:${userId}:${vietnamDate(now)}`;
      await this.ds.transaction(async (em) => {
        const deliveryId = await this.repo.createDigest(em, userId, key, now);
        if (!deliveryId) return;
        await this.jobs.send('email', { deliveryId }, { em });
        made++;
      });
    }
    return made;
  }

  /** The `email` job: record the attempt, send, mark sent. A failure throws: the queue retries. */
  async deliver(deliveryId: string): Promise<void> {
    const d = await this.repo.claim(deliveryId);
    if (!d) return; // sent (or skipped) already
    if (!this.mailer.enabled || !d.active || !d.email || d.notifyMode === 'off')
      return this.repo.finish(d.id, 'skipped', null);
    const notices = (await this.repo.notices(d.id)).map((n) => ({
      ...n,
      createdAt: new Date(n.createdAt),
      url: this.mailer.absolute(n.link),
    }));
    if (!notices.length) return this.repo.finish(d.id, 'skipped', null);
    const settings = this.mailer.absolute(PREFERENCES_PATH);
    const content =
      d.kind === 'digest' ? digestMail(notices, settings) : noticeMail(notices[0], settings);
    const host = new URL(this.mailer.absolute('/')).hostname || 'localhost';
    try {
      await this.mailer.send({ to: d.email, ...content, messageId: `<${d.id}@${host}>` });
    } catch (e) {
      await this.repo.recordError(d.id, String((e as Error)?.message ?? e));
      this.logger.warn(`e-mail ${d.id} (attempt ${d.attempts}) failed: ${(e as Error)?.message}`);
      throw e;
    }
    await this.repo.finish(d.id, 'sent', d.email);
  }
}
