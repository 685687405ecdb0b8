import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';

@Controller('api/health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** 200 `{status: "ok"}` when the database answers; 503 with the failing part otherwise. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const database = await this.checkDatabase();
    const ok = database === 'ok';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database };
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
