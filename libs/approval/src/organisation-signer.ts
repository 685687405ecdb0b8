import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrgUnit } from '@app/org';
import { DigestSigner, KeyDigestSigner, SigningCredentialsService } from '@app/signatures';

/**
 * The organisation's signer for units in `approval` mode: what signs the issued document on the
 * server. TRANSITIONAL: the organisation's PKCS#12 still held (encrypted) in signing_credential;
 * the server-side PKCS#11 slot (OrganisationSlotSigner) replaces it.
 */
@Injectable()
export class OrganisationSigner {
  constructor(private readonly credentials: SigningCredentialsService) {}

  async signerFor(unit: OrgUnit, em?: EntityManager): Promise<DigestSigner | null> {
    const p12 = await this.credentials.forSigning('orgUnit', unit.id, em);
    return p12 ? KeyDigestSigner.fromPkcs12(p12.p12, p12.password) : null;
  }
}
