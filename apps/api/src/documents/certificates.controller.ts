import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { RegisteredCertificatesService } from '@app/signatures';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { RegisterCertificateDto } from './dto/signing.dto';

/**
 * The certificates a person signs with, registered in their profile (certificates only: the key
 * stays on their token or file). A person manages their own; an admin or a unit administrator
 * those of the people in their scope.
 */
@ApiTags('signatures')
@Controller('api/users/:id/certificates')
export class UserCertificatesController {
  constructor(private readonly certificates: RegisteredCertificatesService) {}

  @Get()
  @ApiErrors(401, 403, 404)
  list(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
    return this.certificates.list(actor, 'user', id);
  }

  /** `{certificate}` (PEM or base64 DER) → `{id, subject, issuer, serial, notBefore, notAfter, …}`. */
  @Post()
  @ApiErrors(401, 403, 404, 422)
  register(
    @Param('id') id: string,
    @Body() body: RegisterCertificateDto,
    @CurrentUser() actor: AuthUser,
  ) {
    return this.certificates.register(actor, 'user', id, body.certificate);
  }

  @Delete(':certificateId')
  @HttpCode(204)
  @ApiErrors(401, 403, 404)
  async remove(
    @Param('id') id: string,
    @Param('certificateId') certificateId: string,
    @CurrentUser() actor: AuthUser,
  ) {
    await this.certificates.remove(actor, 'user', id, certificateId);
  }
}

/** Administrators: who must still register a signing certificate (heads and units signing with tokens). */
@ApiTags('signatures')
@Controller('api/signing-certificates')
@Roles('admin', 'unitAdmin')
export class MissingCertificatesController {
  constructor(private readonly certificates: RegisteredCertificatesService) {}

  /** `{users: [{id, username, fullName, orgUnitId, unitName}], units: [{id, code, name}]}`. */
  @Get('missing')
  @ApiErrors(401, 403)
  missing(@CurrentUser() actor: AuthUser) {
    return this.certificates.missing(actor);
  }
}

/** The organisation's certificates (its key: the clerk's token or the server-side slot). */
@ApiTags('signatures')
@Controller('api/org-units/:id/certificates')
export class UnitCertificatesController {
  constructor(private readonly certificates: RegisteredCertificatesService) {}

  @Get()
  @ApiErrors(401, 403, 404)
  list(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
    return this.certificates.list(actor, 'orgUnit', id);
  }

  @Post()
  @ApiErrors(401, 403, 404, 422)
  register(
    @Param('id') id: string,
    @Body() body: RegisterCertificateDto,
    @CurrentUser() actor: AuthUser,
  ) {
    return this.certificates.register(actor, 'orgUnit', id, body.certificate);
  }

  @Delete(':certificateId')
  @HttpCode(204)
  @ApiErrors(401, 403, 404)
  async remove(
    @Param('id') id: string,
    @Param('certificateId') certificateId: string,
    @CurrentUser() actor: AuthUser,
  ) {
    await this.certificates.remove(actor, 'orgUnit', id, certificateId);
  }
}
