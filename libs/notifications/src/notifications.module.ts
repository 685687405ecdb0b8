import { Module } from '@nestjs/common';
import { UsersModule } from '@app/auth';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { EmailService } from './email.service';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Notifications in the app and by e-mail (needs MailModule and JobsModule, both global). */
@Module({
  imports: [UsersModule],
  providers: [
    NotificationsRepository,
    NotificationsService,
    EmailDeliveriesRepository,
    EmailService,
  ],
  exports: [NotificationsService, EmailService],
})
export class NotificationsModule {}
