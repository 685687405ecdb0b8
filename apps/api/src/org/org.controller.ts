import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { OrgRepository, OrgUnitsService, orgUnitView } from '@app/org';
import { CreateOrgUnitDto, UpdateOrgUnitDto } from '../admin/dto/org-unit.dto';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('org')
@Controller('api/org-units')
export class OrgController {
  constructor(
    private readonly org: OrgRepository,
    private readonly units: OrgUnitsService,
  ) {}

  /** The whole dated org tree; names and codes of units are not confidential. */
  @Get()
  @ApiErrors(401)
  async list() {
    return (await this.org.findAll()).map(orgUnitView);
  }

  /** Administrators: a unit of their scope. */
  @Get(':id')
  @Roles('admin', 'unitAdmin')
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
    return orgUnitView(await this.units.get(actor, id));
  }

  /** Administrators: a new unit (a unit administrator: only below its own unit). */
  @Post()
  @Roles('admin', 'unitAdmin')
  @ApiErrors(401, 403, 409, 422)
  async create(@Body() body: CreateOrgUnitDto, @CurrentUser() actor: AuthUser) {
    return orgUnitView(await this.units.create(actor, body));
  }

  /** Administrators: changes a unit of their scope (its parent only within the scope). */
  @Patch(':id')
  @Roles('admin', 'unitAdmin')
  @ApiErrors(401, 403, 404, 409, 422)
  async update(
    @Param('id') id: string,
    @Body() body: UpdateOrgUnitDto,
    @CurrentUser() actor: AuthUser,
  ) {
    return orgUnitView(await this.units.update(actor, id, body));
  }
}
