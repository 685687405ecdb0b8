import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '@app/auth';
import { Clock } from '@app/common';
import { ResolvedSigning, SignAuthority, collectiveName, resolveSigning } from '@app/documents';
import { OrgRepository, SigningMode } from '@app/org';
import {
  Report,
  ReportCellsRepository,
  ReportSignaturesRepository,
  SigningRequest,
  contentSha256,
} from '@app/reports';
import { RegisteredCertificatesService, VerifiedSignerCms } from '@app/signatures';
import { ApprovalErrors } from './approval.errors';

/**
 * The head's part in the workflow: the authority a signature prints, what the page tells before
 * Ký, and the signature recorded — in token mode with the PDF the head signed and the certificate.
 */
@Injectable()
export class HeadSigning {
  constructor(
    private readonly org: OrgRepository,
    private readonly cells: ReportCellsRepository,
    private readonly signatures: ReportSignaturesRepository,
    private readonly certificates: RegisteredCertificatesService,
    private readonly clock: Clock,
  ) {}

  /**
   * What a head should know before pressing Ký, for the page: the refusal of their position's
   * default signing authority (SIGN would answer it, 422), the unit's signing mode and, in token
   * mode, whether they registered a valid certificate (SIGN is refused without one).
   */
  async readiness(
    user: AuthUser,
    report: Report,
  ): Promise<{
    authorityRefusal: string | null;
    hasCertificate: boolean;
    signingMode: SigningMode;
  }> {
    const [resolved, hasCertificate, unit] = await Promise.all([
      this.resolveSigning(user, report),
      this.certificates.hasValid('user', user.id),
      this.org.findById(report.orgUnitId),
    ]);
    const signingMode = unit?.signingMode ?? 'token';
    return {
      authorityRefusal: 'refused' in resolved ? resolved.refused : null,
      hasCertificate: signingMode === 'approval' || hasCertificate,
      signingMode,
    };
  }

  /** The authority of a signature: the one asked for, when the signer's position allows it (422 naming the allowed ones otherwise). */
  async authority(user: AuthUser, report: Report, asked?: SignAuthority): Promise<ResolvedSigning> {
    const resolved = await this.resolveSigning(user, report, asked);
    if ('refused' in resolved)
      throw ApprovalErrors.SIGN_AUTHORITY_NOT_ALLOWED(
        { message: resolved.refused },
        { errors: [{ field: 'authority', message: resolved.refused }] },
      );
    return resolved;
  }

  private async resolveSigning(user: AuthUser, report: Report, authority?: SignAuthority) {
    const unit = (await this.org.findById(report.orgUnitId))!;
    return resolveSigning(
      {
        unitKind: unit.kind,
        collectiveName: collectiveName(unit),
        positionTitle: user.positionTitle,
        headTitle: user.signHeadTitle,
        defaultAuthority: user.signAuthority,
      },
      authority,
    );
  }

  /**
   * The head's signature of exactly what they saw: the SHA-256 of the report's canonical content
   * (answered); in token mode also the PDF they signed, its issue places and their certificate.
   */
  async record(
    em: EntityManager,
    report: Report,
    actor: AuthUser,
    ctx: {
      signing?: ResolvedSigning;
      deferred?: { request: SigningRequest; pdf: Buffer; verified: VerifiedSignerCms };
    },
  ): Promise<string> {
    const data = await this.cells.load(report.id, em);
    const sha256 = contentSha256({
      title: report.title,
      narrative: report.narrative,
      recipients: report.recipients,
      data,
    });
    await this.signatures.insert(em, {
      reportId: report.id,
      signerId: actor.id,
      signerName: actor.fullName,
      positionTitle: actor.positionTitle,
      signAuthority: ctx.signing?.authority ?? actor.signAuthority,
      signHeadTitle: ctx.signing?.headTitle ?? actor.signHeadTitle,
      signedAt: this.clock.now(),
      contentSha256: sha256,
      reportVersion: report.version,
      signedPdf: ctx.deferred?.pdf ?? null,
      issuePlaces:
        (ctx.deferred?.request.details.places as Record<string, unknown> | undefined) ?? null,
      certificateSha256: ctx.deferred?.verified.certificateSha256 ?? null,
    });
    return sha256;
  }
}
