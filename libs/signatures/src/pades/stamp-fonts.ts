import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import { PlaceText } from './issue-stamp';

/**
 * The faces of Tinos (the documents' font, from @fontsource/tinos, as the renderer embeds it) for
 * stamping text on a signed document. The package ships each face in subsets: Latin letters and
 * digits in one file, the letters Vietnamese adds (ă, ơ, ư, đ, the tone marks) in another; a stamped
 * text is printed in runs of the subset that has each letter.
 */
export interface StampFace {
  /** The WOFF file. */
  bytes: Buffer;
  has(codePoint: number): boolean;
}

const SUBSETS = ['latin', 'vietnamese'] as const;
const faces = new Map<string, StampFace[]>();

function subsetsOf(style: PlaceText): StampFace[] {
  const weight = style.bold ? 700 : 400;
  const italic = style.italic ? 'italic' : 'normal';
  const key = `${weight}-${italic}`;
  let list = faces.get(key);
  if (!list) {
    const dir = path.join(path.dirname(require.resolve('@fontsource/tinos/package.json')), 'files');
    list = SUBSETS.map((subset) => {
      const bytes = fs.readFileSync(path.join(dir, `tinos-${subset}-${key}.woff`));
      const font = fontkit.create(bytes);
      return { bytes, has: (cp: number) => font.hasGlyphForCodePoint(cp) };
    });
    faces.set(key, list);
  }
  return list;
}

/** The face of this style that has the letter, or undefined. */
export function faceFor(codePoint: number, style: PlaceText): StampFace | undefined {
  return subsetsOf(style).find((f) => f.has(codePoint));
}
