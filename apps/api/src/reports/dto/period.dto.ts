import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ORG_LEVELS } from '@app/org';
import type { CreatePeriodInput } from '@app/reports';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Ngày không hợp lệ.');

export const CreatePeriodSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,32}$/, 'Mã kỳ chỉ gồm chữ, số, dấu . _ - (tối đa 32 ký tự).'),
    label: z.string().trim().min(1).max(255),
    year: z.number().int().min(2000).max(2100),
    cutoffFrom: isoDate,
    cutoffTo: isoDate,
    forms: z.array(z.string().min(1).max(32)).min(1).max(20),
    deadlines: z.array(z.object({ level: z.enum(ORG_LEVELS), date: isoDate }).strict()).max(10),
    open: z.boolean().optional(),
  })
  .strict()
  .describe(
    'Một kỳ báo cáo mới; các biểu mẫu được ghim vào phiên bản mới nhất.',
  ) satisfies z.ZodType<CreatePeriodInput>;

export class CreatePeriodDto extends createZodDto(CreatePeriodSchema) {}
