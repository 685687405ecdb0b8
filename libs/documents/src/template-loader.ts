import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { projectRoot } from '@app/common';
import { DocumentHead } from '@app/renderer';
import { PRINT_PART_SLOTS, documentHandlebars } from './template-helpers';

let partialsLoaded = false;
const compiled = new Map<string, Handlebars.TemplateDelegate>();
let head: DocumentHead | undefined;

const templatesDir = () => path.join(projectRoot(), 'templates');

function loadPartials(): void {
  if (partialsLoaded) return;
  const dir = path.join(templatesDir(), 'partials');
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.hbs'))
    .sort()) {
    documentHandlebars.registerPartial(
      path.basename(file, '.hbs'),
      fs.readFileSync(path.join(dir, file), 'utf8'),
    );
  }
  partialsLoaded = true;
}

/** A compiled body template by name ("bc/main", "annex/page", "register/page"); partials are registered on first use. */
export function template(name: string): Handlebars.TemplateDelegate {
  loadPartials();
  let fn = compiled.get(name);
  if (!fn) {
    fn = documentHandlebars.compile(
      fs.readFileSync(path.join(templatesDir(), `${name}.hbs`), 'utf8'),
    );
    compiled.set(name, fn);
  }
  return fn;
}

/** The document templates (not the web pages' and not the partials): "annex/page", "bc/main", … */
function templateNames(): string[] {
  const dir = templatesDir();
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'partials' && d.name !== 'web')
    .flatMap((d) =>
      fs
        .readdirSync(path.join(dir, d.name))
        .filter((f) => f.endsWith('.hbs'))
        .map((f) => `${d.name}/${path.basename(f, '.hbs')}`),
    )
    .sort();
}

/** Runs a compiled template once on nothing: Handlebars compiles on the first call and keeps it. */
function compileNow(fn: Handlebars.TemplateDelegate): void {
  try {
    fn({});
  } catch {
    // Compiled all the same; an empty model is not a document.
  }
}

/**
 * Compiles every document template and partial now (about 130 ms), at start-up: Handlebars
 * otherwise compiles on first use, and the first document after a start would pay it on the event
 * loop while everyone else waits.
 */
export function compileDocumentTemplates(): void {
  loadPartials();
  for (const [name, partial] of Object.entries(documentHandlebars.partials)) {
    if (typeof partial !== 'string') continue;
    const fn = documentHandlebars.compile(partial);
    compileNow(fn);
    documentHandlebars.registerPartial(name, fn);
  }
  for (const name of templateNames()) compileNow(template(name));
  documentHead();
}

/**
 * The <head> of every document part (templates/partials/document-head.hbs): A4 page boxes, ND30
 * margins, page numbers, the embedded font; no parameter and nothing a user typed, so the renderer
 * keeps it loaded and swaps only the bodies. Built once; its key is the hash of its HTML.
 */
export function documentHead(): DocumentHead {
  if (!head) {
    loadPartials();
    const html = documentHandlebars.compile(
      '<!DOCTYPE html>\n<html lang="vi">\n{{> document-head}}',
    )({});
    head = {
      key: createHash('sha256').update(html).digest('hex'),
      html,
      printParts: PRINT_PART_SLOTS,
    };
  }
  return head;
}
