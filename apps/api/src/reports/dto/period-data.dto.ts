import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { textField } from '@app/common';

export const PeriodTableQuerySchema = z
  .object({
    form: textField({ min: 1, max: 32 }).default('01/TE').describe('Mã biểu, ví dụ 01/TE.'),
    columns: textField({ max: 4000 })
      .optional()
      .describe(
        'Các ô chỉ tiêu "dòng:cột" cách nhau bởi dấu phẩy, ví dụ I.1:y2024,III.1:y2024; bỏ trống: mọi dòng của biểu (cột số đầu tiên).',
      ),
    format: z.enum(['json', 'xlsx']).default('json').describe('xlsx: tải bảng tính.'),
  })
  .strict()
  .describe('Bảng chỉ tiêu của các đơn vị cấp dưới trong một kỳ.');

export const PeriodExportQuerySchema = z
  .object({ format: z.enum(['csv', 'xlsx']).default('csv') })
  .strict()
  .describe('Toàn bộ số liệu của kỳ, dạng dài (mỗi ô một dòng).');

export class PeriodTableQueryDto extends createZodDto(PeriodTableQuerySchema) {}
export class PeriodExportQueryDto extends createZodDto(PeriodExportQuerySchema) {}

/** "I.1:y2024,III.1:y2024" → the keys (blank parts dropped). */
export const columnKeys = (columns: string | undefined): string[] | undefined =>
  columns
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
