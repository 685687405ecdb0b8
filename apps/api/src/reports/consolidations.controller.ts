import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReportViews } from '@app/approval';
import { AuthUser } from '@app/auth';
import {
  CompiledNarrativeService,
  ConsolidationService,
  ProvenanceService,
} from '@app/consolidation';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { ConsolidateDto, ProvenanceQueryDto } from './dto/consolidation.dto';

@ApiTags('consolidation')
@Controller('api')
export class ConsolidationsController {
  constructor(
    private readonly consolidation: ConsolidationService,
    private readonly provenance: ProvenanceService,
    private readonly compiled: CompiledNarrativeService,
    private readonly views: ReportViews,
  ) {}

  /** `{periodId}` → the caller's unit's consolidated report, created or refreshed from the lower units' submitted reports. */
  @Post('consolidations')
  @Roles('officer')
  @ApiErrors(401, 403, 404, 409, 422)
  async consolidate(@Body() body: ConsolidateDto, @CurrentUser() user: AuthUser) {
    return this.views.get(user, await this.consolidation.consolidate(user, body.periodId));
  }

  /** `?form&row&column` → the value, each contributing lower report and the missing units. */
  @Get('reports/:id/provenance')
  @ApiErrors(401, 404, 422)
  cellProvenance(
    @Param('id') id: string,
    @Query() query: ProvenanceQueryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.provenance.provenance(user, id, query);
  }

  /**
   * The lower units' narratives that the consolidation summed, compiled per section of the outline
   * (I, II, III, IV …), each part under its unit and report number: `{sections: [{heading, parts:
   * [{orgUnitId, name, reportId, numberText, text}]}], text}`. Only the report's own unit asks.
   */
  @Get('reports/:id/compiled-narrative')
  @ApiErrors(401, 403, 404, 422)
  compiledNarrative(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.compiled.compiled(user, id);
  }
}
