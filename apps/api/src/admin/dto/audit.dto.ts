import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AUDITED_ENTITIES } from '@app/audit';
import { isoDate } from '../../http/iso-date';

export const AuditQuerySchema = z
  .object({
    actor: z.string().uuid().optional().describe('Id của người thực hiện.'),
    entity: z.enum(AUDITED_ENTITIES).optional(),
    entityId: z.string().max(64).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
  })
  .strict();

export class AuditQueryDto extends createZodDto(AuditQuerySchema) {}
