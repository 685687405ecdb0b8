import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UsersRepository } from '@app/auth';
import { Administrator, OrgRepository, OrgScope } from '@app/org';
import { requireUuid, validationFailed } from '@app/common';
import { RegisteredCertificate } from '../entities/registered-certificate.entity';
import { SignatureErrors } from '../signatures.errors';
import { OwnerKind } from '../signing-credentials.repository';
import {
  CertificateInputError,
  ParsedCertificate,
  parseCertificateDer,
  parseCertificateInput,
} from './certificate-input';
import { RegisteredCertificatesRepository } from './registered-certificates.repository';

/** Who registers: a person (their own certificates), or an administrator within their scope. */
export interface CertificateActor extends Administrator {
  id: string;
}

/** The public shape of a registered certificate. */
export function certificateView(c: RegisteredCertificate) {
  return {
    id: c.id,
    ownerKind: c.ownerKind,
    ownerId: c.ownerId,
    subject: c.subject,
    issuer: c.issuer,
    serial: c.serial,
    sha256: c.sha256,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    createdAt: c.createdAt.toISOString(),
  };
}

/**
 * The certificates people and organisations sign with, registered in their profile (certificates
 * only: the keys stay on the signer's token or file, or in the organisation's server-side slot).
 * A person registers their own; an admin, or a unit administrator within their scope, anyone's and
 * the organisations'.
 */
@Injectable()
export class RegisteredCertificatesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly repo: RegisteredCertificatesRepository,
    private readonly users: UsersRepository,
    private readonly org: OrgRepository,
    private readonly scope: OrgScope,
  ) {}

  async register(
    actor: CertificateActor,
    ownerKind: OwnerKind,
    ownerId: string,
    certificate: string,
  ) {
    await this.assertMayManage(actor, ownerKind, ownerId);
    let parsed: ParsedCertificate;
    try {
      parsed = parseCertificateInput(certificate);
    } catch (e) {
      if (e instanceof CertificateInputError)
        throw validationFailed([{ field: 'certificate', message: e.message }]);
      throw e;
    }
    return certificateView(await this.store(this.ds.manager, ownerKind, ownerId, parsed, actor.id));
  }

  /** Registers a parsed certificate inside `em` (the demo's seeding too). */
  store(
    em: EntityManager,
    ownerKind: OwnerKind,
    ownerId: string,
    parsed: ParsedCertificate,
    registeredBy: string | null,
  ): Promise<RegisteredCertificate> {
    return this.repo.upsert(em, {
      ownerKind,
      ownerId,
      certificateDer: parsed.der,
      sha256: parsed.sha256,
      subject: parsed.subject,
      issuer: parsed.issuer,
      serial: parsed.serial,
      notBefore: parsed.notBefore,
      notAfter: parsed.notAfter,
      registeredBy,
    });
  }

  /** Registers a DER certificate (trusted code: the demo, the migration of old credentials). */
  storeDer(em: EntityManager, ownerKind: OwnerKind, ownerId: string, der: Buffer) {
    return this.store(em, ownerKind, ownerId, parseCertificateDer(der), null);
  }

  async list(actor: CertificateActor, ownerKind: OwnerKind, ownerId: string) {
    await this.assertMayManage(actor, ownerKind, ownerId);
    return (await this.repo.ofOwner(ownerKind, ownerId)).map(certificateView);
  }

  async remove(actor: CertificateActor, ownerKind: OwnerKind, ownerId: string, id: string) {
    await this.assertMayManage(actor, ownerKind, ownerId);
    if (!(await this.repo.remove(ownerKind, ownerId, requireUuid(id, notFound)))) throw notFound();
  }

  /** The DER of the owner's registered certificates (a signature is accepted only with one). */
  async certificatesOf(ownerKind: OwnerKind, ownerId: string, em?: EntityManager) {
    return (await this.repo.ofOwner(ownerKind, ownerId, em)).map((c) => c.certificateDer);
  }

  /** Whether the owner has a certificate valid now. */
  async hasValid(ownerKind: OwnerKind, ownerId: string): Promise<boolean> {
    const now = Date.now();
    return (await this.repo.ofOwner(ownerKind, ownerId)).some(
      (c) => c.notBefore.getTime() <= now && c.notAfter.getTime() > now,
    );
  }

  /**
   * Who must still register a certificate before they can sign (the administrator's notice): the
   * active heads of `token`-mode units of the caller's scope, and those units themselves, without a
   * certificate valid now.
   */
  async missing(actor: CertificateActor) {
    const scope = await this.scope.unitIds(actor);
    const units = (await this.org.findAll()).filter(
      (u) => u.signingMode === 'token' && !u.validTo && (scope === null || scope.has(u.id)),
    );
    const byId = new Map(units.map((u) => [u.id, u]));
    const [withUser, withUnit] = [
      await this.repo.ownersWithValid('user'),
      await this.repo.ownersWithValid('orgUnit'),
    ];
    const heads = (await this.users.heads()).filter(
      (h) => h.active && byId.has(h.orgUnitId) && !withUser.has(h.id),
    );
    return {
      users: heads.map((h) => ({
        id: h.id,
        username: h.username,
        fullName: h.fullName,
        orgUnitId: h.orgUnitId,
        unitName: byId.get(h.orgUnitId)!.name,
      })),
      units: units
        .filter((u) => !withUnit.has(u.id))
        .map((u) => ({ id: u.id, code: u.code, name: u.name })),
    };
  }

  /** A person manages their own; an administrator those of their scope (404 outside it). */
  private async assertMayManage(actor: CertificateActor, ownerKind: OwnerKind, ownerId: string) {
    requireUuid(ownerId, () => ownerNotFound(ownerKind));
    if (ownerKind === 'user' && ownerId === actor.id) return;
    const unitId =
      ownerKind === 'user'
        ? ((await this.users.findById(ownerId))?.orgUnitId ?? null)
        : ((await this.org.findById(ownerId))?.id ?? null);
    if (!unitId) throw ownerNotFound(ownerKind);
    const isAdmin = actor.roles.includes('admin') || actor.roles.includes('unitAdmin');
    if (!isAdmin || !(await this.scope.covers(actor, unitId)))
      throw SignatureErrors.CERTIFICATE_NOT_YOURS();
  }
}

const notFound = () => SignatureErrors.CERTIFICATE_NOT_FOUND();
const ownerNotFound = (kind: OwnerKind) =>
  SignatureErrors.CERTIFICATE_OWNER_NOT_FOUND({ owner: kind === 'user' ? 'người dùng' : 'đơn vị' });
