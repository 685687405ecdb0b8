import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CommonErrors } from '@app/common';
import { Public } from '../auth/public.decorator';
import { webTemplatesDir } from './web-views';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Files of maintained libraries the pages load, by the name they are served under. */
const VENDOR: Record<string, () => string> = {
  // Chart.js 4 (its UMD build: a global `Chart`), for the indicator chart.
  'chart.umd.min.js': () =>
    path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
};

/**
 * The pages' CSS, JavaScript and icon (templates/web/assets), as files: the CSP allows no inline code.
 * The icon is also at /favicon.ico, where browsers look for it.
 */
@Controller()
export class WebAssetsController {
  private readonly cache = new Map<string, Buffer>();

  @Public()
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response) {
    this.send(file, res);
  }

  @Public()
  @Get('favicon.ico')
  favicon(@Res() res: Response) {
    this.send('favicon.ico', res);
  }

  private send(file: string, res: Response) {
    const type = TYPES[path.extname(file)];
    if (!type || !/^[a-z0-9][a-z0-9.-]*$/i.test(file)) throw CommonErrors.NOT_FOUND({});
    let buf = this.cache.get(file);
    if (!buf) {
      const full = VENDOR[file]?.() ?? path.join(webTemplatesDir(), 'assets', file);
      if (!fs.existsSync(full)) throw CommonErrors.NOT_FOUND({});
      buf = fs.readFileSync(full);
      this.cache.set(file, buf);
    }
    res.setHeader('Content-Type', type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(buf);
  }
}
