import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { OwnerKind, RegisteredCertificatesService } from '@app/signatures';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { RegisterCertificateDto } from './dto/signing.dto';

/**
 * The certificates an owner signs with, registered in its profile (certificates only: the key stays
 * on a token or a file). One controller per kind of owner, the same routes under `path`.
 */
function certificatesController(ownerKind: OwnerKind, path: string) {
  @ApiTags('signatures')
  @Controller(path)
  class OwnerCertificatesController {
    constructor(readonly certificates: RegisteredCertificatesService) {}

    @Get()
    @ApiErrors(401, 403, 404)
    list(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
      return this.certificates.list(actor, ownerKind, id);
    }

    /** `{certificate}` (PEM or base64 DER) → `{id, subject, issuer, serial, notBefore, notAfter, …}`. */
    @Post()
    @ApiErrors(401, 403, 404, 422)
    register(
      @Param('id') id: string,
      @Body() body: RegisterCertificateDto,
      @CurrentUser() actor: AuthUser,
    ) {
      return this.certificates.register(actor, ownerKind, id, body.certificate);
    }

    @Delete(':certificateId')
    @HttpCode(204)
    @ApiErrors(401, 403, 404)
    async remove(
      @Param('id') id: string,
      @Param('certificateId') certificateId: string,
      @CurrentUser() actor: AuthUser,
    ) {
      await this.certificates.remove(actor, ownerKind, id, certificateId);
    }
  }
  return OwnerCertificatesController;
}

/**
 * A person's certificates: a person manages their own; an admin or a unit administrator those of
 * the people in their scope.
 */
export class UserCertificatesController extends certificatesController(
  'user',
  'api/users/:id/certificates',
) {}

/** The organisation's certificates (its key: the clerk's token or the server-side slot). */
export class UnitCertificatesController extends certificatesController(
  'orgUnit',
  'api/org-units/:id/certificates',
) {}

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
