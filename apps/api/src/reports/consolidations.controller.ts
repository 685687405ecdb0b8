import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { AuthUser } from '@app/auth';
import { ConsolidationService } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';

@Controller('api')
export class ConsolidationsController {
  constructor(private readonly consolidation: ConsolidationService) {}

  /** `{periodId}` → the caller's unit's consolidated report, created or refreshed from the lower units' submitted reports. */
  @Post('consolidations')
  consolidate(@Body() body: unknown, @CurrentUser() user: AuthUser) {
    return this.consolidation.consolidate(user, body);
  }

  /** `?form&row&column` → the value, each contributing lower report and the missing units. */
  @Get('reports/:id/provenance')
  provenance(@Param('id') id: string, @Query() query: unknown, @CurrentUser() user: AuthUser) {
    return this.consolidation.provenance(user, id, query);
  }
}
