import * as fs from 'node:fs';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { projectRoot } from '@app/common';
import { webHelpers } from './web-helpers';

/** Where the page templates, partials and static assets live (read from the project root, so dist/ and Jest find them). */
export const webTemplatesDir = () => path.join(projectRoot(), 'templates', 'web');

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/** A page shown in a frame of our own pages (a preview): styles only, no script, no other site may frame it. */
export const FRAME_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'";

/** A printed document shown in a frame (its styles and fonts are inline, as Chromium prints them); no script. */
export const DOCUMENT_FRAME_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'";

/** Headers of every HTML page: no inline script can run, no framing, no sniffing, no caching of personal data. */
export function setPageHeaders(res: Response) {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

/**
 * The server-rendered pages: templates/web/<name>.hbs inside templates/web/layout.hbs, partials from
 * templates/web/partials. One isolated Handlebars instance (not the documents' one) with the web
 * helpers registered once. User text goes through {{ }} only; the one {{{ }}} is the layout's body,
 * which is the output of an escaped template.
 */
@Injectable()
export class WebViews {
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private partialsLoaded = false;

  constructor() {
    for (const [name, fn] of Object.entries(webHelpers))
      this.hbs.registerHelper(name, fn as Handlebars.HelperDelegate);
  }

  private template(name: string): Handlebars.TemplateDelegate {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad template name ${name}`);
    if (!this.partialsLoaded) {
      const dir = path.join(webTemplatesDir(), 'partials');
      for (const file of fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.hbs'))
        .sort()) {
        this.hbs.registerPartial(
          path.basename(file, '.hbs'),
          fs.readFileSync(path.join(dir, file), 'utf8'),
        );
      }
      this.partialsLoaded = true;
    }
    let fn = this.compiled.get(name);
    if (!fn) {
      fn = this.hbs.compile(fs.readFileSync(path.join(webTemplatesDir(), `${name}.hbs`), 'utf8'), {
        strict: false,
      });
      this.compiled.set(name, fn);
    }
    return fn;
  }

  /** The page `name` with `ctx`, inside the layout. */
  render(name: string, ctx: Record<string, unknown>): string {
    const body = this.template(name)(ctx);
    return this.template('layout')({ ...ctx, body });
  }

  /** The page `name` alone, without the layout (a preview shown in a frame of another page). */
  sendBare(res: Response, name: string, ctx: Record<string, unknown>, status = 200) {
    setPageHeaders(res);
    res.setHeader('Content-Security-Policy', FRAME_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.status(status).type('html').send(this.template(name)(ctx));
  }

  send(res: Response, name: string, ctx: Record<string, unknown>, status = 200) {
    const html = this.render(name, ctx);
    setPageHeaders(res);
    res.status(status).type('html').send(html);
  }
}
