import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { NOTIFY_MODES } from '@app/auth';

/** An e-mail address (or empty / null: none). */
export const emailField = z
  .string()
  .trim()
  .max(254)
  .email('Địa chỉ email không hợp lệ.')
  .nullable()
  .or(z.literal('').transform(() => null));

export const PreferencesSchema = z
  .object({
    email: emailField.optional().describe('Địa chỉ nhận thông báo; null hoặc "" để bỏ.'),
    notify: z
      .enum(NOTIFY_MODES)
      .optional()
      .describe(
        'immediate: mỗi thông báo một thư; digest: một thư tổng hợp mỗi ngày; off: không gửi thư.',
      ),
  })
  .strict()
  .describe('Cách nhận thông báo qua e-mail của chính người dùng.');

export class PreferencesDto extends createZodDto(PreferencesSchema) {}
