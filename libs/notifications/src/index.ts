import { Notification } from './entities/notification.entity';

export * from './entities/notification.entity';
export * from './notifications.errors';
export * from './notifications.repository';
export * from './notifications.service';
export * from './notifications.module';

/** The tables this context owns. */
export const NOTIFICATIONS_ENTITIES = [Notification];
