import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { databaseAnswers } from '@app/database';
import { PdfRenderer } from '@app/renderer';
import { Public } from '../auth/public.decorator';
import { ApiErrors } from '../http/api-errors.decorator';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
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
    const ok = database === 'ok' && renderer === 'ok';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database, renderer };
  }

  private async checkDatabase(): Promise<'ok' | 'unavailable'> {
    return (await databaseAnswers(this.ds)) ? 'ok' : 'unavailable';
  }
}
