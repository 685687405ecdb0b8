import { DynamicModule, Inject, Injectable, Module, Optional } from '@nestjs/common';
import { DigestSigner } from '../cms/digest-signer';
import { Pkcs11DigestSigner } from './pkcs11-digest-signer';
import { Pkcs11Location, Pkcs11TokenError } from './pkcs11-session';

/** The token of the server-side organisation slot (ORG_PKCS11_MODULE, _TOKEN, _PIN). */
export const ORG_SLOT = Symbol('ORG_SLOT');

/** Why the organisation slot cannot sign for a unit (not configured, no key, token refused). */
export class OrganisationSlotError extends Error {
  constructor(
    message: string,
    readonly reason: 'not-configured' | 'no-key' | 'token',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OrganisationSlotError';
  }
}

/**
 * A unit's key in the slot, signing through a session of its own for each signature: the
 * server holds no session (and no logged-in state) between two issues.
 */
class SlotKeySigner implements DigestSigner {
  constructor(
    private readonly where: Pkcs11Location & { keyLabel: string },
    private readonly certDer: Buffer,
    private readonly chainDer: Buffer[],
    private readonly algorithm: 'RSA' | 'EC',
  ) {}

  async certificate(): Promise<Buffer> {
    return this.certDer;
  }

  async chain(): Promise<Buffer[]> {
    return this.chainDer;
  }

  async keyAlgorithm(): Promise<'RSA' | 'EC'> {
    return this.algorithm;
  }

  async sign(data: Buffer): Promise<Buffer> {
    return Pkcs11DigestSigner.with(this.where, async (s) => {
      if (!(await s.certificate()).equals(this.certDer))
        throw new OrganisationSlotError(
          `Khóa ký "${this.where.keyLabel}" trên máy chủ đã đổi trong lúc ký; hãy thử lại.`,
          'token',
        );
      return s.sign(data);
    });
  }
}

/**
 * The organisations' signatures applied by the server, for units in `approval` signing mode
 * (and installations that choose it): the keys live in a PKCS#11 token configured by the
 * administrator — never in the database. Each unit's key (and its certificate, same CKA_ID) is
 * labelled with the unit's code on that token.
 */
@Injectable()
export class OrganisationSlotSigner {
  constructor(@Optional() @Inject(ORG_SLOT) private readonly slot?: Pkcs11Location | null) {}

  /** Whether a slot is configured at all. */
  get configured(): boolean {
    return Boolean(this.slot);
  }

  /** The signer of the unit's key; refuses in Vietnamese when there is no slot or no key. */
  async signerFor(orgUnit: { id: string; code: string; name?: string }): Promise<DigestSigner> {
    const unit = orgUnit.name ? `${orgUnit.name} (${orgUnit.code})` : orgUnit.code;
    if (!this.slot)
      throw new OrganisationSlotError(
        `Chưa cấu hình khóa ký của cơ quan ${unit} trên máy chủ (PKCS#11).`,
        'not-configured',
      );
    const where = { ...this.slot, keyLabel: orgUnit.code };
    try {
      return await Pkcs11DigestSigner.with(
        where,
        async (s) =>
          new SlotKeySigner(where, await s.certificate(), await s.chain(), await s.keyAlgorithm()),
      );
    } catch (e) {
      if (e instanceof Pkcs11TokenError && (e.reason === 'no-key' || e.reason === 'no-certificate'))
        throw new OrganisationSlotError(
          `Chưa cấu hình khóa ký của cơ quan ${unit} trên máy chủ (PKCS#11): thiết bị "${this.slot.tokenLabel}" không có khóa và chứng thư số nhãn "${orgUnit.code}".`,
          'no-key',
          { cause: e },
        );
      throw new OrganisationSlotError(
        `Không dùng được khóa ký của cơ quan ${unit} trên máy chủ (PKCS#11): ${(e as Error).message}`,
        'token',
        { cause: e },
      );
    }
  }
}

/** Provides OrganisationSlotSigner with the slot of the configuration (or none). Global. */
@Module({})
export class OrganisationSlotModule {
  static forRoot(slot: Pkcs11Location | undefined | null): DynamicModule {
    return {
      module: OrganisationSlotModule,
      global: true,
      providers: [{ provide: ORG_SLOT, useValue: slot ?? null }, OrganisationSlotSigner],
      exports: [OrganisationSlotSigner],
    };
  }
}
