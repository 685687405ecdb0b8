import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const JobQuerySchema = z
  .object({
    state: z
      .enum(['failed', 'active', 'retry', 'created', 'completed', 'cancelled'])
      .optional()
      .describe('Trạng thái công việc (mặc định failed).'),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();

export class JobQueryDto extends createZodDto(JobQuerySchema) {}
