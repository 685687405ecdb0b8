import { Controller, Get, Inject, Res } from '@nestjs/common';
import { PDF_RENDERER, PdfRenderer } from '@app/documents';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';

@Controller('api/health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(PDF_RENDERER) private readonly renderer: PdfRenderer,
  ) {}

  /** 200 `{status: "ok"}` when the database and the renderer answer; 503 with the failing part otherwise. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, renderer] = await Promise.all([this.checkDatabase(), this.renderer.ping().then((ok) => (ok ? 'ok' : 'unavailable'))]);
    const ok = database === 'ok' && renderer === 'ok';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database, renderer };
  }

  private async checkDatabase(): Promise<'ok' | 'unavailable'> {
    try {
      await Promise.race([
        this.ds.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return 'ok';
    } catch {
      return 'unavailable';
    }
  }
}
