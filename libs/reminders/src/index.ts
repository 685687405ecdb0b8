import { DeadlineReminder } from './entities/deadline-reminder.entity';

export * from './entities/deadline-reminder.entity';
export * from './reminders.repository';
export * from './reminders.service';
export * from './reminders.module';

/** The tables this context owns. */
export const REMINDERS_ENTITIES = [DeadlineReminder];
