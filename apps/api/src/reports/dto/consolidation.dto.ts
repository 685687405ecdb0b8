import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const ConsolidateSchema = z.object({ periodId: z.string().uuid() }).strict();

export const ProvenanceQuerySchema = z
  .object({
    form: z.string().min(1).max(32),
    row: z.string().min(1).max(64),
    column: z.string().min(1).max(64),
  })
  .strict();

export class ConsolidateDto extends createZodDto(ConsolidateSchema) {}
export class ProvenanceQueryDto extends createZodDto(ProvenanceQuerySchema) {}
