import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SigningRequestsService, WorkflowService } from '@app/approval';
import { AuthUser } from '@app/auth';
import { ReportAccess } from '@app/reports';
import { CurrentUser } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';
import { SignatureDto } from './dto/signing.dto';

/**
 * Deferred signing (units in `token` mode): what a signer's client signs, and the CMS it returns.
 * The step (SIGN → signed, SUBMIT → issued) happens only once the CMS is verified.
 */
@ApiTags('signatures')
@Controller('api')
export class SigningRequestsController {
  constructor(
    private readonly requests: SigningRequestsService,
    private readonly workflow: WorkflowService,
    private readonly access: ReportAccess,
  ) {}

  /** The caller's pending requests: `[{requestId, reportId, title, role, expiresAt}]`. */
  @Get('signing-requests')
  @ApiErrors(401)
  pending(@CurrentUser() user: AuthUser) {
    return this.requests.pendingFor(user);
  }

  /** `{requestId, role, digestAlgorithm: "SHA-256", digest (base64), pdfSha256, expiresAt}`. */
  @Get('reports/:id/signing-request')
  @ApiErrors(401, 404)
  async request(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.requests.view(user, await this.access.loadVisible(user, id));
  }

  /** `{requestId, cms}` → the report, moved by the step that waited for this signature. */
  @Post('reports/:id/signatures')
  @HttpCode(200)
  @ApiErrors(401, 403, 404, 409, 422)
  sign(@Param('id') id: string, @Body() body: SignatureDto, @CurrentUser() user: AuthUser) {
    return this.workflow.completeSignature(user, id, body);
  }
}
