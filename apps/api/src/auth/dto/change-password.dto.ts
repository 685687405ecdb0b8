import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Chưa nhập mật khẩu hiện tại.').max(200),
    newPassword: z
      .string()
      .min(1, 'Chưa nhập mật khẩu mới.')
      .max(200, 'Mật khẩu dài quá 200 ký tự.'),
  })
  .strict()
  .describe(
    'Đổi mật khẩu của chính mình: mật khẩu hiện tại (hoặc mật khẩu một lần) và mật khẩu mới.',
  );

export class ChangePasswordDto extends createZodDto(ChangePasswordSchema) {}
