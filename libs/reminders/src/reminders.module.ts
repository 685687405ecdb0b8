import { Module } from '@nestjs/common';
import { NotificationsModule } from '@app/notifications';
import { ReportsModule } from '@app/reports';
import { RemindersRepository } from './reminders.repository';
import { RemindersService } from './reminders.service';

/** Deadline reminders and escalations (the `reminders` job; JobsModule is global). */
@Module({
  imports: [ReportsModule, NotificationsModule],
  providers: [RemindersRepository, RemindersService],
  exports: [RemindersService],
})
export class RemindersModule {}
