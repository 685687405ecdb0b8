import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { validationFailed } from '@app/common';
import { AuthUser } from '@app/auth';
import { UsersService } from '@app/auth';
import { OrgRepository, OrgUnitsService, SuccessorsRepository, orgUnitView } from '@app/org';
import { CreateOrgUnitDto, MoveUsersDto, UpdateOrgUnitDto } from '../admin/dto/org-unit.dto';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('org')
@Controller('api/org-units')
export class OrgController {
  constructor(
    private readonly org: OrgRepository,
    private readonly units: OrgUnitsService,
    private readonly successors: SuccessorsRepository,
    private readonly users: UsersService,
  ) {}

  /** The whole dated org tree; names and codes of units are not confidential. */
  @Get()
  @ApiErrors(401)
  async list() {
    const links = await this.successors.all();
    return (await this.org.findAll()).map((u) => orgUnitView(u, links));
  }

  /** Administrators: a unit of their scope. */
  @Get(':id')
  @Roles('admin', 'unitAdmin')
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
    const unit = await this.units.get(actor, id);
    return orgUnitView(unit, await this.successors.of(unit.id));
  }

  /** Administrators: a new unit (a unit administrator: only below its own unit). */
  @Post()
  @Roles('admin', 'unitAdmin')
  @ApiErrors(401, 403, 409, 422)
  async create(@Body() body: CreateOrgUnitDto, @CurrentUser() actor: AuthUser) {
    const unit = await this.units.create(actor, body);
    return orgUnitView(unit, await this.successors.of(unit.id));
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
    const unit = await this.units.update(actor, id, body);
    return orgUnitView(unit, await this.successors.of(unit.id));
  }

  /**
   * Administrators: moves every user of a unit that ended to one of its successors, in one
   * transaction (each move in the audit trail) → `{moved}`.
   */
  @Post(':id/move-users')
  @Roles('admin', 'unitAdmin')
  @ApiErrors(401, 403, 404, 422)
  async moveUsers(
    @Param('id') id: string,
    @Body() body: MoveUsersDto,
    @CurrentUser() actor: AuthUser,
  ) {
    const unit = await this.units.get(actor, id);
    const links = await this.successors.of(unit.id);
    if (!links.some((l) => l.successorId === body.toOrgUnitId))
      throw validationFailed([
        {
          field: 'toOrgUnitId',
          message: 'Chỉ chuyển người dùng sang một đơn vị kế thừa của đơn vị này.',
        },
      ]);
    return { moved: await this.users.moveAll(actor, unit.id, body.toOrgUnitId) };
  }
}
