import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { validationFailed } from '@app/common';
import { WorkerPool } from '@app/workers';
import { SigningImageRefused, isNormalizedPng } from './signing-image';
import { normalizeImageTask } from './signatures.tasks';
import { OwnerKind, SigningCredentialsRepository } from './signing-credentials.repository';
import { SigningCredentialsService } from './signing-credentials.service';

export interface UploadImageInput {
  ownerKind: OwnerKind;
  ownerId: string;
  /** PNG or JPEG, base64: a person's signature (blue) or an organisation's seal (red). */
  image: string;
}

/** The signature images of people and the seals of organisations printed on issued originals. */
@Injectable()
export class SigningImagesService {
  constructor(
    private readonly repo: SigningCredentialsRepository,
    private readonly credentials: SigningCredentialsService,
    private readonly workers: WorkerPool,
  ) {}

  /**
   * Admin: a person's signature image or an organisation's seal: a PNG or JPEG of at most 500 KB
   * and 2000 × 2000 pixels, decoded in a worker thread and stored as the PNG its pixels make
   * (signing-image.ts); anything else → 422 with the reason.
   */
  async uploadImage(input: UploadImageInput) {
    await this.credentials.assertOwnerExists(input.ownerKind, input.ownerId);
    let image: { png: Buffer; width: number; height: number };
    try {
      image = await this.workers.run(normalizeImageTask, Buffer.from(input.image, 'base64'));
    } catch (e) {
      if (e instanceof SigningImageRefused)
        throw validationFailed([{ field: 'image', message: e.message }]);
      throw e;
    }
    const data = Buffer.from(image.png);
    await this.repo.insertImage({
      ownerKind: input.ownerKind,
      ownerId: input.ownerId,
      mimeType: 'image/png',
      data,
    });
    return {
      ownerKind: input.ownerKind,
      ownerId: input.ownerId,
      mimeType: 'image/png',
      size: data.length,
      width: image.width,
      height: image.height,
    };
  }

  /**
   * The owner's newest signature image or seal as a data: URL of a PNG, or null. An image stored
   * before uploads were normalised is normalised now, and left out when it does not pass.
   */
  async imageDataUrl(
    ownerKind: OwnerKind,
    ownerId: string,
    em?: EntityManager,
  ): Promise<string | null> {
    const image = await this.repo.latestImage(ownerKind, ownerId, em);
    if (!image) return null;
    let png = image.data;
    if (!isNormalizedPng(png)) {
      try {
        png = Buffer.from((await this.workers.run(normalizeImageTask, png)).png);
      } catch {
        return null;
      }
    }
    return `data:image/png;base64,${png.toString('base64')}`;
  }
}
