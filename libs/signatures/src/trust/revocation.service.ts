import { Injectable, Logger } from '@nestjs/common';
import * as x509 from './x509';
import { BoundedHttpOptions, RevocationFetchError, boundedHttp } from './bounded-http';
import {
  RevocationAnswer,
  crlAnswer,
  ocspRequestDer,
  readCrl,
  readOcspResponse,
} from './revocation-sources';
import { RevocationRepository, StoredCrl } from './revocation.repository';
import { crlUrls, derOf, ocspUrls, sha256Hex } from './x509-certificates';

/** Limits of what is fetched from a CA's OCSP responder or CRL distribution point. */
export const REVOCATION_LIMITS = {
  timeoutMs: 5000,
  ocspBytes: 64 * 1024,
  crlBytes: 4 * 1024 * 1024,
  /** How long an OCSP answer without nextUpdate is reused. */
  ocspDefaultReuseMs: 5 * 60 * 1000,
  /** A source that did not answer is not asked again for this long (a file of 20 signatures waits once). */
  unreachableForMs: 60 * 1000,
};

export interface RevocationCheck {
  /** The answer relied on: 'revoked' or 'good' when a source said so, else undefined. */
  answer?: RevocationAnswer;
  /** The certificate names an OCSP responder or a CRL distribution point. */
  sourcesNamed: boolean;
  /** Why a source could not be used (English, for logs). */
  problems: string[];
}

/** SHA-256 of the DER of a name: the key CRLs of an issuer are kept under. */
export const issuerKeyOf = (name: x509.Name): string => sha256Hex(name.toArrayBuffer());

/**
 * Whether a certificate is revoked, asking in turn: the OCSP answer kept (not past its
 * nextUpdate), the certificate's OCSP responders, the CRLs uploaded for its issuer and those of its
 * distribution points (kept until their nextUpdate). Only certificates that already chain to a
 * trust anchor are looked up, so only URLs chosen by a trusted CA are fetched.
 */
@Injectable()
export class RevocationService {
  private readonly log = new Logger(RevocationService.name);
  /** URL → until when it is not asked again (it did not answer). */
  private readonly unreachable = new Map<string, number>();

  constructor(private readonly repo: RevocationRepository) {}

  async check(
    cert: x509.X509Certificate,
    issuer: x509.X509Certificate,
    now: Date = new Date(),
  ): Promise<RevocationCheck> {
    const problems: string[] = [];
    const ocsp = ocspUrls(cert);
    const crls = crlUrls(cert);
    const sourcesNamed = ocsp.length + crls.length > 0;
    const fromOcsp = await this.ocsp(cert, issuer, ocsp, now, problems);
    if (fromOcsp) return { answer: fromOcsp, sourcesNamed, problems };
    const fromCrl = await this.crl(cert, issuer, crls, now, problems);
    return { answer: fromCrl, sourcesNamed: sourcesNamed || !!fromCrl, problems };
  }

  private async ocsp(
    cert: x509.X509Certificate,
    issuer: x509.X509Certificate,
    urls: string[],
    now: Date,
    problems: string[],
  ): Promise<RevocationAnswer | undefined> {
    const sha = sha256Hex(derOf(cert));
    const kept = await this.repo.ocspAnswer(sha, now);
    if (kept && kept.status !== 'unknown')
      return {
        status: kept.status,
        source: 'ocsp',
        revokedAt: kept.revokedAt ?? undefined,
        reason: kept.revocationReason ?? undefined,
        thisUpdate: kept.thisUpdate,
      };
    for (const url of urls) {
      try {
        const der = await this.fetch(url, {
          method: 'POST',
          body: await ocspRequestDer(cert, issuer),
          contentType: 'application/ocsp-request',
          timeoutMs: REVOCATION_LIMITS.timeoutMs,
          maxBytes: REVOCATION_LIMITS.ocspBytes,
        });
        const answer = await readOcspResponse(der, cert, issuer, now);
        const reuseUntil =
          answer.nextUpdate ?? new Date(now.getTime() + REVOCATION_LIMITS.ocspDefaultReuseMs);
        await this.repo.saveOcspAnswer({
          certificateSha256: sha,
          status: answer.status,
          revokedAt: answer.revokedAt ?? null,
          revocationReason: answer.reason ?? null,
          thisUpdate: answer.thisUpdate,
          reuseUntil,
          fetchedAt: now,
          der,
        });
        if (answer.status !== 'unknown') return answer;
        problems.push(`the OCSP responder ${url} does not know the certificate`);
      } catch (e) {
        problems.push(`OCSP ${url}: ${(e as Error).message}`);
        this.log.warn(`OCSP ${url}: ${(e as Error).message}`);
      }
    }
    return undefined;
  }

  private async crl(
    cert: x509.X509Certificate,
    issuer: x509.X509Certificate,
    urls: string[],
    now: Date,
    problems: string[],
  ): Promise<RevocationAnswer | undefined> {
    const answers: RevocationAnswer[] = [];
    const consider = async (stored: Pick<StoredCrl, 'der'>, where: string) => {
      try {
        answers.push(crlAnswer(await readCrl(stored.der, issuer), cert));
      } catch (e) {
        problems.push(`CRL ${where}: ${(e as Error).message}`);
      }
    };
    for (const stored of await this.repo.uploadedCrls(issuerKeyOf(cert.issuerName)))
      await consider(stored, 'uploaded');
    for (const url of urls) {
      const kept = await this.repo.fetchedCrl(url);
      if (kept && kept.nextUpdate && kept.nextUpdate > now) {
        await consider(kept, url);
        continue;
      }
      try {
        const der = await this.fetch(url, {
          timeoutMs: REVOCATION_LIMITS.timeoutMs,
          maxBytes: REVOCATION_LIMITS.crlBytes,
        });
        const crl = await readCrl(der, issuer);
        await this.repo.saveFetchedCrl({
          issuerKey: issuerKeyOf(crl.issuerName),
          issuer: crl.issuer,
          url,
          der,
          thisUpdate: crl.thisUpdate,
          nextUpdate: crl.nextUpdate ?? null,
        });
        answers.push(crlAnswer(crl, cert));
      } catch (e) {
        problems.push(`CRL ${url}: ${(e as Error).message}`);
        this.log.warn(`CRL ${url}: ${(e as Error).message}`);
      }
    }
    return (
      answers.find((a) => a.status === 'revoked') ??
      answers.sort((x, y) => y.thisUpdate.getTime() - x.thisUpdate.getTime())[0]
    );
  }

  /** boundedHttp, skipping a URL that did not answer within the last minute. */
  private async fetch(url: string, opts: BoundedHttpOptions): Promise<Buffer> {
    const until = this.unreachable.get(url);
    if (until !== undefined && until > Date.now())
      throw new RevocationFetchError(`${url} did not answer a moment ago: not asked again yet`);
    try {
      const body = await boundedHttp(url, opts);
      this.unreachable.delete(url);
      return body;
    } catch (e) {
      if (e instanceof RevocationFetchError) {
        if (this.unreachable.size > 1000) this.unreachable.clear();
        this.unreachable.set(url, Date.now() + REVOCATION_LIMITS.unreachableForMs);
      }
      throw e;
    }
  }
}
