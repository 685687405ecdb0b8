import { Body, Controller, Get, Post } from '@nestjs/common';
import { DocumentsService } from '@app/documents';
import { Roles } from '../auth/roles.guard';

/** Admin: the PKCS#12 certificates people and organisations sign with (stored encrypted). */
@Controller('api/signing-credentials')
@Roles('admin')
export class SigningCredentialsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  list() {
    return this.documents.listCredentials();
  }

  /** `{ownerKind: "user" | "orgUnit", ownerId, p12 (base64), password}` → `{subject, notAfter}`. */
  @Post()
  upload(@Body() body: unknown) {
    return this.documents.uploadCredential(body);
  }
}

/** Admin: the signature images of people and the seals of organisations printed on issued documents. */
@Controller('api/signing-images')
@Roles('admin')
export class SigningImagesController {
  constructor(private readonly documents: DocumentsService) {}

  /** `{ownerKind: "user" | "orgUnit", ownerId, image (PNG or JPEG, base64)}`. */
  @Post()
  upload(@Body() body: unknown) {
    return this.documents.uploadImage(body);
  }
}
