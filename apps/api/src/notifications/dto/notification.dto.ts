import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { NOTIFICATIONS_PAGE } from '@app/notifications';

export const NotificationQuerySchema = z
  .object({
    unread: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe('true: chỉ các thông báo chưa đọc.'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(NOTIFICATIONS_PAGE.maxLimit)
      .optional()
      .describe(`Số thông báo tối đa (mặc định ${NOTIFICATIONS_PAGE.defaultLimit}).`),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .optional()
      .describe('Bỏ qua bấy nhiêu thông báo mới nhất.'),
  })
  .strict();

export class NotificationQueryDto extends createZodDto(NotificationQuerySchema) {}
