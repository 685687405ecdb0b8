import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { IndicatorsService } from '@app/consolidation';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';
import { IndicatorQueryDto } from './dto/indicator.dto';

@ApiTags('indicators')
@Controller('api/indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  /**
   * An indicator of a unit across the periods of the years `from`–`to`: each period's value, those
   * of periods before a reorganisation rolled up to today's unit through the successor links (with
   * the units that contributed), or `comparable: false` across a split without shares.
   */
  @Get()
  @ApiErrors(401, 404, 422)
  series(@Query() q: IndicatorQueryDto, @CurrentUser() user: AuthUser) {
    return this.indicators.series(user, q);
  }
}
