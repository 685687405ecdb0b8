import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RegisteredCertificate } from '../entities/registered-certificate.entity';
import { OwnerKind } from '../signing-credentials.repository';

/** Thin queries over registered_certificate. */
@Injectable()
export class RegisteredCertificatesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Inserts the certificate unless the owner has it already; the row either way. */
  async upsert(
    em: EntityManager,
    row: Omit<RegisteredCertificate, 'id' | 'createdAt'>,
  ): Promise<RegisteredCertificate> {
    await em
      .createQueryBuilder()
      .insert()
      .into(RegisteredCertificate)
      .values(row)
      .orIgnore()
      .execute();
    return (await em.getRepository(RegisteredCertificate).findOneBy({
      ownerKind: row.ownerKind,
      ownerId: row.ownerId,
      sha256: row.sha256,
    }))!;
  }

  /** The owner's certificates, newest first. */
  ofOwner(
    ownerKind: OwnerKind,
    ownerId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<RegisteredCertificate[]> {
    return em
      .getRepository(RegisteredCertificate)
      .find({ where: { ownerKind, ownerId }, order: { createdAt: 'DESC' } });
  }

  async remove(ownerKind: OwnerKind, ownerId: string, id: string): Promise<boolean> {
    const r = await this.ds.getRepository(RegisteredCertificate).delete({ id, ownerKind, ownerId });
    return (r.affected ?? 0) > 0;
  }

  /** Owners of a kind with at least one certificate valid now. */
  async ownersWithValid(ownerKind: OwnerKind): Promise<Set<string>> {
    const rows: { owner_id: string }[] = await this.ds.query(
      `SELECT DISTINCT owner_id FROM registered_certificate WHERE owner_kind = $1 AND not_before <= now() AND not_after > now()`,
      [ownerKind],
    );
    return new Set(rows.map((r) => r.owner_id));
  }
}
