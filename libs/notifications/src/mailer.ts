import { DynamicModule, Global, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type { MailConfig } from '@app/config';

export const MAIL_CONFIG = Symbol('MAIL_CONFIG');

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same for every attempt of one delivery: a receiving system may drop a second copy. */
  messageId: string;
}

/**
 * The SMTP connection (nodemailer): chosen because it is the de-facto Node mailer — SMTP(S),
 * STARTTLS, authentication, MIME with UTF-8 subjects and bodies, pooled connections — with no
 * native part. Absent configuration (no SMTP_URL): `enabled` is false and nothing is sent. Time
 * limits are below the e-mail job's expiry, so a stuck server fails the attempt (retried) instead
 * of holding the job until it is taken for dead.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport: Transporter | null;

  constructor(@Inject(MAIL_CONFIG) readonly config: MailConfig | undefined) {
    this.transport = config
      ? createTransport({
          url: config.smtpUrl,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** An absolute link of the web app from one of its paths (`/reports/<id>`). */
  absolute(path: string): string {
    return `${this.config?.publicUrl ?? ''}${path.startsWith('/') ? path : `/${path}`}`;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport || !this.config) throw new Error('e-mail is not configured (SMTP_URL)');
    await this.transport.sendMail({ from: this.config.from, ...mail });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** The mail configuration and the Mailer, once for the application. */
@Global()
@Module({})
export class MailModule {
  static forRoot(config: MailConfig | undefined): DynamicModule {
    return {
      module: MailModule,
      providers: [{ provide: MAIL_CONFIG, useValue: config }, Mailer],
      exports: [Mailer],
    };
  }
}
