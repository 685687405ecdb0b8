import { EmailDelivery } from './entities/email-delivery.entity';
import { Notification } from './entities/notification.entity';

export * from './entities/notification.entity';
export * from './entities/email-delivery.entity';
export * from './email-deliveries.repository';
export * from './email-messages';
export * from './mailer';
export * from './email.service';
export * from './notifications.errors';
export * from './notifications.repository';
export * from './notifications.service';
export * from './notifications.module';

/** The tables this context owns. */
export const NOTIFICATIONS_ENTITIES = [Notification, EmailDelivery];
