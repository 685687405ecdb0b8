import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SigningCredentialsService, SigningImagesService } from '@app/signatures';
import { Roles } from '../auth/roles.guard';
import { ApiErrors } from '../http/api-errors.decorator';
import { UploadCredentialDto, UploadImageDto } from './dto/document.dto';

/** Admin: the PKCS#12 certificates people and organisations sign with (stored encrypted). */
@ApiTags('signatures')
@Controller('api/signing-credentials')
@Roles('admin')
export class SigningCredentialsController {
  constructor(private readonly credentials: SigningCredentialsService) {}

  @Get()
  @ApiErrors(401, 403)
  list() {
    return this.credentials.list();
  }

  /** `{ownerKind: "user" | "orgUnit", ownerId, p12 (base64), password}` → `{subject, notAfter}`. */
  @Post()
  @ApiErrors(401, 403, 422)
  upload(@Body() body: UploadCredentialDto) {
    return this.credentials.upload(body);
  }
}

/** Admin: the signature images of people and the seals of organisations printed on issued documents. */
@ApiTags('signatures')
@Controller('api/signing-images')
@Roles('admin')
export class SigningImagesController {
  constructor(private readonly images: SigningImagesService) {}

  /** `{ownerKind: "user" | "orgUnit", ownerId, image (PNG or JPEG, base64)}` → stored as a PNG. */
  @Post()
  @ApiErrors(401, 403, 422, 503)
  upload(@Body() body: UploadImageDto) {
    return this.images.uploadImage(body);
  }
}
