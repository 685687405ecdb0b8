import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { OrgRepository, orgUnitView } from '@app/org';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('org')
@Controller('api/org-units')
export class OrgController {
  constructor(private readonly org: OrgRepository) {}

  /** The whole dated org tree; names and codes of units are not confidential. */
  @Get()
  @ApiErrors(401)
  async list() {
    return (await this.org.findAll()).map(orgUnitView);
  }
}
