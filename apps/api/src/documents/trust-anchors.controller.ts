import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser } from '@app/auth';
import { TrustAnchorsService } from '@app/signatures';
import { CurrentUser } from '../auth/public.decorator';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { AddTrustAnchorDto, UploadCrlDto } from './dto/trust-anchor.dto';

/** Admin: the certificate revocation lists uploaded (those fetched from distribution points are listed too). */
@ApiTags('signatures')
@Controller('api/trust-anchors/crls')
@Roles('admin')
export class RevocationListsController {
  constructor(private readonly trust: TrustAnchorsService) {}

  @Get()
  @ApiErrors(401, 403)
  list() {
    return this.trust.listCrls();
  }

  /** `{crl}` (PEM or base64 DER, issued by a trust anchor) → `{id, issuer, thisUpdate, nextUpdate, revokedCount}`. */
  @Post()
  @ApiErrors(401, 403, 422)
  upload(@Body() body: UploadCrlDto, @CurrentUser() actor: AuthUser) {
    return this.trust.uploadCrl(actor, body.crl);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(401, 403, 404)
  async remove(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
    await this.trust.removeCrl(actor, id);
  }
}

/** Admin: the trust store — the root and intermediate CAs whose certificates signatures are trusted with. */
@ApiTags('signatures')
@Controller('api/trust-anchors')
@Roles('admin')
export class TrustAnchorsController {
  constructor(private readonly trust: TrustAnchorsService) {}

  @Get()
  @ApiErrors(401, 403)
  list() {
    return this.trust.list();
  }

  /** `{certificate}` (PEM or base64 DER of a CA certificate) → `{id, subject, issuer, serial, notBefore, notAfter, isCa}`. */
  @Post()
  @ApiErrors(401, 403, 422)
  add(@Body() body: AddTrustAnchorDto, @CurrentUser() actor: AuthUser) {
    return this.trust.add(actor, body.certificate);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(401, 403, 404)
  async remove(@Param('id') id: string, @CurrentUser() actor: AuthUser) {
    await this.trust.remove(actor, id);
  }
}
