import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredAnchor {
  id: string;
  name: string;
  certificatePem: string;
  sha256: string;
  addedBy: string | null;
  createdAt: Date;
}

/** The trust store: trusted_root (roots and intermediates). */
@Injectable()
export class TrustAnchorsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  list(): Promise<StoredAnchor[]> {
    return this.ds.query(
      `SELECT id, name, certificate_pem AS "certificatePem", sha256, added_by AS "addedBy", created_at AS "createdAt"
         FROM trusted_root ORDER BY created_at, id`,
    );
  }

  /** Adds a certificate (its id, whether it was already there). */
  async insert(
    a: Pick<StoredAnchor, 'name' | 'certificatePem' | 'sha256' | 'addedBy'>,
    em: EntityManager = this.ds.manager,
  ) {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO trusted_root (name, certificate_pem, sha256, added_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [a.name, a.certificatePem, a.sha256, a.addedBy],
    );
    if (rows[0]) return { id: rows[0].id, existed: false };
    const existing: { id: string }[] = await em.query(
      `SELECT id FROM trusted_root WHERE sha256 = $1`,
      [a.sha256],
    );
    return { id: existing[0].id, existed: true };
  }

  async delete(id: string, em: EntityManager = this.ds.manager): Promise<StoredAnchor | null> {
    const [rows]: [StoredAnchor[], number] = await em.query(
      `DELETE FROM trusted_root WHERE id = $1 RETURNING id, name, sha256`,
      [id],
    );
    return rows[0] ?? null;
  }
}
