import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { textField } from '@app/common';
import { ORG_LEVELS, SIGNING_MODES, UNIT_KINDS } from '@app/org';
import { isoDate } from '../../http/iso-date';

const optionalText = (max: number) =>
  textField({ max })
    .nullable()
    .optional()
    .transform((s) => (s === '' ? null : s));

export const CreateOrgUnitSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,32}$/, 'Mã đơn vị gồm chữ, số, dấu . _ - (tối đa 32 ký tự).'),
    name: textField({ min: 1, max: 255 }),
    level: z.enum(ORG_LEVELS),
    parentId: z.string().uuid().nullable().optional(),
    governingBody: optionalText(255),
    abbreviation: textField({ min: 1, max: 32 }),
    placeName: textField({ min: 1, max: 120 }),
    kind: z
      .enum(UNIT_KINDS)
      .optional()
      .describe('collective: "TM. ỦY BAN NHÂN DÂN"; head: "KT. GIÁM ĐỐC".'),
    headerLines: z
      .array(textField({ min: 1, max: 120 }))
      .min(1)
      .max(3)
      .nullable()
      .optional()
      .describe('Các dòng tên cơ quan ở đầu văn bản, đúng như in.'),
    filingUnit: optionalText(32).describe('Bộ phận lưu trong "- Lưu: VT, …".'),
    signingMode: z
      .enum(SIGNING_MODES)
      .optional()
      .describe(
        'token: lãnh đạo và văn thư ký bằng khóa của mình (mặc định); approval: lãnh đạo duyệt trên hệ thống, văn thư phát hành với chữ ký của cơ quan từ khe ký trên máy chủ.',
      ),
    validFrom: isoDate.optional(),
    validTo: isoDate.nullable().optional(),
    successorId: z.string().uuid().nullable().optional(),
  })
  .strict()
  .describe('Một đơn vị mới.');

export const UpdateOrgUnitSchema = CreateOrgUnitSchema.partial()
  .extend({
    successors: z
      .array(
        z
          .object({
            orgUnitId: z.string().uuid(),
            share: z.number().min(0.000001).max(1).nullable().optional(),
          })
          .strict(),
      )
      .max(50)
      .optional()
      .describe(
        'Các đơn vị kế thừa (ghi trên đơn vị cũ). Sáp nhập: mỗi đơn vị cũ một đơn vị kế thừa; chia tách: nhiều đơn vị kế thừa, mỗi đơn vị một tỷ lệ (tổng bằng 1) hoặc không tỷ lệ nào (khi đó số liệu không so sánh được).',
      ),
  })
  .strict()
  .describe('Các trường cần đổi của đơn vị.');

export const MoveUsersSchema = z
  .object({ toOrgUnitId: z.string().uuid() })
  .strict()
  .describe('Đơn vị kế thừa nhận người dùng.');

export class CreateOrgUnitDto extends createZodDto(CreateOrgUnitSchema) {}
export class UpdateOrgUnitDto extends createZodDto(UpdateOrgUnitSchema) {}
export class MoveUsersDto extends createZodDto(MoveUsersSchema) {}
