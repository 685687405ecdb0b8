import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { textField } from '@app/common';
import { ROLES } from '@app/auth';

const text = (max: number) => textField({ min: 1, max });
const optionalText = (max: number) =>
  textField({ max })
    .nullable()
    .optional()
    .transform((s) => (s === '' ? null : s));

const fields = {
  fullName: text(120),
  orgUnitId: z.string().uuid('Mã đơn vị không hợp lệ.'),
  roles: z.array(z.enum(ROLES)).min(1, 'Người dùng cần ít nhất một vai trò.').max(ROLES.length),
  positionTitle: optionalText(120),
  signAuthority: optionalText(16).describe('Thẩm quyền ký: TM., KT., TL., TUQ. hoặc Q.'),
  signHeadTitle: optionalText(120).describe(
    'Chức vụ của người đứng đầu in dưới thẩm quyền ký, ví dụ "CHỦ TỊCH".',
  ),
  email: z
    .string()
    .trim()
    .max(254)
    .email('Địa chỉ email không hợp lệ.')
    .nullable()
    .optional()
    .or(z.literal('').transform(() => null)),
};

export const CreateUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._-]{3,64}$/, 'Tên đăng nhập gồm chữ thường, số, dấu . _ - (3–64 ký tự).'),
    ...fields,
  })
  .strict()
  .describe('Người dùng mới; mật khẩu một lần được trả về một lần duy nhất.');

export const UpdateUserSchema = z
  .object({ ...fields, active: z.boolean() })
  .partial()
  .strict()
  .describe('Các trường cần đổi; active=false để khóa tài khoản, true để mở lại.');

export const UserQuerySchema = z
  .object({
    q: textField({ max: 100 }).optional(),
    orgUnitId: z.string().uuid().optional(),
    role: z.enum(ROLES).optional(),
    active: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();

export class CreateUserDto extends createZodDto(CreateUserSchema) {}
export class UpdateUserDto extends createZodDto(UpdateUserSchema) {}
export class UserQueryDto extends createZodDto(UserQuerySchema) {}
