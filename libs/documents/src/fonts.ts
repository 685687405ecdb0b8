import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The document font, embedded: Tinos (metric-compatible with Times New Roman) from the npm package
 * @fontsource/tinos, as @font-face rules with base64 data: URLs under the family name 'TE Tinos', so a
 * rendered document never depends on the fonts of the machine that renders it. Only the latin and
 * vietnamese subsets are embedded; each keeps the unicode-range the package declares,
 * so Chromium picks the right file per character and embeds only the subsets a document uses.
 */
export const DOCUMENT_FONT_FAMILY = 'TE Tinos';

// Vietnamese needs latin plus the vietnamese subset (which carries Ă Đ Ĩ Ũ Ơ Ư and the tone marks);
// latin-ext (four times their size together) only adds letters of other languages, and would make
// every render parse ~400 KB more of font data.
const SUBSETS = ['latin', 'vietnamese'] as const;
const FACES = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 700, style: 'normal' },
  { weight: 700, style: 'italic' },
] as const;

let cached: string | undefined;

/** The @font-face rules for 'TE Tinos' (built once, then cached). */
export function fontFaceCss(): string {
  if (cached !== undefined) return cached;
  const dir = path.dirname(require.resolve('@fontsource/tinos/package.json'));
  const rules: string[] = [];
  for (const { weight, style } of FACES) {
    // The per-weight CSS files ("400.css", "700-italic.css") declare every subset with its
    // unicode-range; the per-subset files ("vietnamese-400.css") leave the range out.
    const cssFile = path.join(dir, style === 'italic' ? `${weight}-italic.css` : `${weight}.css`);
    const ranges = unicodeRanges(fs.readFileSync(cssFile, 'utf8'));
    for (const subset of SUBSETS) {
      const name = `tinos-${subset}-${weight}-${style}`;
      const range = ranges.get(name);
      if (!range) throw new Error(`fonts: no unicode-range for ${name} in ${cssFile}`);
      const woff2 = fs.readFileSync(path.join(dir, 'files', `${name}.woff2`)).toString('base64');
      rules.push(
        `/* ${name} */\n@font-face {\n` +
          `  font-family: '${DOCUMENT_FONT_FAMILY}';\n` +
          `  font-style: ${style};\n` +
          `  font-weight: ${weight};\n` +
          `  font-display: block;\n` +
          `  src: url(data:font/woff2;base64,${woff2}) format('woff2');\n` +
          `  unicode-range: ${range};\n}`,
      );
    }
  }
  cached = rules.join('\n');
  return cached;
}

/** Face name ("tinos-vietnamese-400-normal", from the comment before each rule) → unicode-range. */
export function unicodeRanges(css: string): Map<string, string> {
  const ranges = new Map<string, string>();
  const rule = /\/\*\s*([\w-]+)\s*\*\/\s*@font-face\s*\{([^}]*)\}/g;
  for (let m = rule.exec(css); m; m = rule.exec(css)) {
    const range = /unicode-range\s*:\s*([^;}]+)/.exec(m[2]);
    // Only "U+0000-00FF,U+0131,…" is copied into the document's CSS.
    if (
      range &&
      /^[Uu]\+[0-9A-Fa-f?]+(?:-[0-9A-Fa-f]+)?(?:\s*,\s*[Uu]\+[0-9A-Fa-f?]+(?:-[0-9A-Fa-f]+)?)*$/.test(
        range[1].trim(),
      )
    ) {
      ranges.set(m[1], range[1].trim());
    }
  }
  return ranges;
}
