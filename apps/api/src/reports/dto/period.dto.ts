import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { textField } from '@app/common';
import { ORG_LEVELS } from '@app/org';
import type { CopyPeriodInput, CreatePeriodInput, PeriodChanges } from '@app/reports';
import { isoDate } from '../../http/iso-date';

const reminderOffsets = z
  .array(z.number().int().min(0).max(90))
  .max(10)
  .transform((a) => [...new Set(a)].sort((x, y) => y - x))
  .describe('Số ngày trước hạn nộp mà đơn vị chưa gửi báo cáo được nhắc (mặc định 7, 3, 1).');

export const CreatePeriodSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,32}$/, 'Mã kỳ chỉ gồm chữ, số, dấu . _ - (tối đa 32 ký tự).'),
    label: textField({ min: 1, max: 255 }),
    year: z.number().int().min(2000).max(2100),
    cutoffFrom: isoDate,
    cutoffTo: isoDate,
    forms: z.array(z.string().min(1).max(32)).min(1).max(20),
    deadlines: z.array(z.object({ level: z.enum(ORG_LEVELS), date: isoDate }).strict()).max(10),
    open: z.boolean().optional(),
    reminderOffsets: reminderOffsets.optional(),
  })
  .strict()
  .describe(
    'Một kỳ báo cáo mới; các biểu mẫu được ghim vào phiên bản mới nhất.',
  ) satisfies z.ZodType<CreatePeriodInput>;

export class CreatePeriodDto extends createZodDto(CreatePeriodSchema) {}

const deadlines = z.array(z.object({ level: z.enum(ORG_LEVELS), date: isoDate }).strict()).max(10);

export const CopyPeriodSchema = z
  .object({
    code: CreatePeriodSchema.shape.code,
    label: CreatePeriodSchema.shape.label,
    year: CreatePeriodSchema.shape.year,
    cutoffFrom: isoDate,
    cutoffTo: isoDate,
  })
  .strict()
  .describe(
    'Một kỳ mới từ kỳ này: cùng biểu mẫu (phiên bản mới nhất), hạn nộp dời theo số tháng giữa hai kỳ.',
  ) satisfies z.ZodType<CopyPeriodInput>;

export const UpdatePeriodSchema = z
  .object({
    label: textField({ min: 1, max: 255 }).optional(),
    deadlines: deadlines.optional().describe('Hạn nộp theo cấp.'),
    unitDeadlines: z
      .array(z.object({ orgUnitId: z.string().uuid(), date: isoDate }).strict())
      .max(5000)
      .optional()
      .describe('Hạn nộp gia hạn cho từng đơn vị (thay cho hạn theo cấp).'),
    reminderOffsets: reminderOffsets.optional(),
    closed: z
      .boolean()
      .optional()
      .describe('true: khóa kỳ (không lập hay sửa báo cáo); false: mở lại.'),
  })
  .strict()
  .describe('Các trường cần đổi của kỳ báo cáo.') satisfies z.ZodType<PeriodChanges>;

export class CopyPeriodDto extends createZodDto(CopyPeriodSchema) {}
export class UpdatePeriodDto extends createZodDto(UpdatePeriodSchema) {}
