import { Controller, Get } from '@nestjs/common';
import { OrgRepository, orgUnitView } from '@app/org';

@Controller('api/org-units')
export class OrgController {
  constructor(private readonly org: OrgRepository) {}

  /** The whole dated org tree; names and codes of units are not confidential. */
  @Get()
  async list() {
    return (await this.org.findAll()).map(orgUnitView);
  }
}
