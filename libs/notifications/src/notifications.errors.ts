import { defineErrors } from '@app/common';

/** Errors of the in-app notifications. */
export const NotificationErrors = defineErrors('notifications', {
  NOTIFICATION_NOT_FOUND: {
    status: 404,
    message: 'Không tìm thấy thông báo.',
  },
});
