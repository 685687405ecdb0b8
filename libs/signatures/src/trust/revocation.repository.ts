import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OcspAnswer, RevocationList } from '../entities/revocation.entity';

export interface StoredCrl {
  id: string;
  issuer: string;
  source: 'uploaded' | 'fetched';
  url: string | null;
  der: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | null;
}

const CRL_COLUMNS = `id, issuer, source, url, der, this_update AS "thisUpdate", next_update AS "nextUpdate"`;

/** The CRLs and OCSP answers kept: revocation_list and ocsp_answer. */
@Injectable()
export class RevocationRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The last OCSP answer about a certificate still reusable at `now`, or null. */
  async ocspAnswer(certificateSha256: string, now: Date): Promise<OcspAnswer | null> {
    const rows: OcspAnswer[] = await this.ds.query(
      `SELECT certificate_sha256 AS "certificateSha256", status, revoked_at AS "revokedAt",
              revocation_reason AS "revocationReason", this_update AS "thisUpdate",
              reuse_until AS "reuseUntil", fetched_at AS "fetchedAt", der
         FROM ocsp_answer WHERE certificate_sha256 = $1 AND reuse_until > $2`,
      [certificateSha256, now],
    );
    return rows[0] ?? null;
  }

  async saveOcspAnswer(a: OcspAnswer): Promise<void> {
    await this.ds.query(
      `INSERT INTO ocsp_answer (certificate_sha256, status, revoked_at, revocation_reason, this_update, reuse_until, fetched_at, der)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (certificate_sha256) DO UPDATE SET status = EXCLUDED.status, revoked_at = EXCLUDED.revoked_at,
         revocation_reason = EXCLUDED.revocation_reason, this_update = EXCLUDED.this_update,
         reuse_until = EXCLUDED.reuse_until, fetched_at = EXCLUDED.fetched_at, der = EXCLUDED.der`,
      [
        a.certificateSha256,
        a.status,
        a.revokedAt,
        a.revocationReason,
        a.thisUpdate,
        a.reuseUntil,
        a.fetchedAt,
        a.der,
      ],
    );
  }

  /** The uploaded CRLs of an issuer, newest first (at most a few). */
  uploadedCrls(issuerKey: string): Promise<StoredCrl[]> {
    return this.ds.query(
      `SELECT ${CRL_COLUMNS} FROM revocation_list WHERE issuer_key = $1 AND source = 'uploaded'
        ORDER BY this_update DESC LIMIT 3`,
      [issuerKey],
    );
  }

  async fetchedCrl(url: string): Promise<StoredCrl | null> {
    const rows: StoredCrl[] = await this.ds.query(
      `SELECT ${CRL_COLUMNS} FROM revocation_list WHERE url = $1`,
      [url],
    );
    return rows[0] ?? null;
  }

  async saveFetchedCrl(
    crl: Omit<RevocationList, 'id' | 'createdAt' | 'source'> & { url: string },
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO revocation_list (issuer_key, issuer, source, url, der, this_update, next_update)
       VALUES ($1, $2, 'fetched', $3, $4, $5, $6)
       ON CONFLICT (url) DO UPDATE SET issuer_key = EXCLUDED.issuer_key, issuer = EXCLUDED.issuer,
         der = EXCLUDED.der, this_update = EXCLUDED.this_update, next_update = EXCLUDED.next_update,
         created_at = now()`,
      [crl.issuerKey, crl.issuer, crl.url, crl.der, crl.thisUpdate, crl.nextUpdate],
    );
  }

  async insertUploadedCrl(
    crl: Pick<RevocationList, 'issuerKey' | 'issuer' | 'der' | 'thisUpdate' | 'nextUpdate'>,
    em: EntityManager = this.ds.manager,
  ): Promise<string> {
    const rows: { id: string }[] = await em.query(
      `INSERT INTO revocation_list (issuer_key, issuer, source, der, this_update, next_update)
       VALUES ($1, $2, 'uploaded', $3, $4, $5) RETURNING id`,
      [crl.issuerKey, crl.issuer, crl.der, crl.thisUpdate, crl.nextUpdate],
    );
    return rows[0].id;
  }

  /** Every CRL kept (without its bytes), newest first. */
  listCrls(): Promise<Omit<StoredCrl, 'der'>[]> {
    return this.ds.query(
      `SELECT id, issuer, source, url, this_update AS "thisUpdate", next_update AS "nextUpdate"
         FROM revocation_list ORDER BY this_update DESC LIMIT 500`,
    );
  }

  async deleteCrl(id: string, em: EntityManager = this.ds.manager): Promise<string | null> {
    const [rows]: [{ issuer: string }[], number] = await em.query(
      `DELETE FROM revocation_list WHERE id = $1 RETURNING issuer`,
      [id],
    );
    return rows[0]?.issuer ?? null;
  }
}
