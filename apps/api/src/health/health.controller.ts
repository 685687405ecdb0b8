import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UsersRepository } from '@app/auth';
import { pollutedPrototypeKeys } from '@app/common';
import { databaseAnswers } from '@app/database';
import { PdfRenderer } from '@app/renderer';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly users: UsersRepository,
    private readonly renderer: PdfRenderer,
  ) {}

  /** 200 `{status: "ok"}` when the database and the renderer answer; 503 with the failing part otherwise. */
  @Public()
  @Get()
  @ApiErrors(503)
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, renderer] = await Promise.all([
      this.checkDatabase(),
      this.renderer.ping().then((ok) => (ok ? 'ok' : 'unavailable')),
    ]);
    // Something added to Object.prototype breaks every part of the process, whatever answers.
    const runtime = pollutedPrototypeKeys().length ? 'corrupted' : 'ok';
    const ok = database === 'ok' && renderer === 'ok' && runtime === 'ok';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database, renderer, runtime };
  }

  /**
   * A real lookup through the ORM, the one sign-in makes (a user by name): a database that answers
   * `SELECT 1` while the ORM throws on every query is not healthy.
   */
  private async checkDatabase(): Promise<'ok' | 'unavailable'> {
    return (await databaseAnswers(() => this.users.findByUsername(''))) ? 'ok' : 'unavailable';
  }
}
