import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { textField } from '@app/common';

const year = z.coerce.number().int().min(2000).max(2100);

export const IndicatorQuerySchema = z
  .object({
    form: textField({ min: 1, max: 32 }).describe('Mã biểu, ví dụ 01/TE.'),
    row: textField({ min: 1, max: 64 }).describe('Khóa chỉ tiêu (dòng), ví dụ I.1.'),
    column: textField({ min: 1, max: 64 }).describe('Khóa cột, ví dụ y2024.'),
    orgUnitId: z.string().uuid(),
    from: year.describe('Năm đầu (theo ngày chốt số liệu của kỳ).'),
    to: year.describe('Năm cuối.'),
  })
  .strict()
  .describe('Một chỉ tiêu của một đơn vị qua các kỳ.');

export class IndicatorQueryDto extends createZodDto(IndicatorQuerySchema) {}
