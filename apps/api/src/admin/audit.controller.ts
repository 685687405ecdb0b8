import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditService } from '@app/audit';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { AuditQueryDto } from './dto/audit.dto';

/** Admins: the administrative audit trail, newest first. */
@ApiTags('admin')
@Controller('api/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** `?actor=<userId>&entity=user|unit|period|form|import&entityId&from&to` (dates YYYY-MM-DD, inclusive). */
  @Get()
  @ApiErrors(401, 403, 422)
  list(@Query() q: AuditQueryDto) {
    return this.audit.list({
      actorId: q.actor,
      entity: q.entity,
      entityId: q.entityId,
      from: q.from,
      to: q.to,
      limit: q.limit,
    });
  }
}
