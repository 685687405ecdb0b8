import * as fs from 'node:fs';
import * as path from 'node:path';

let root: string | undefined;

/** The project's root folder (where package.json is), from the sources or from dist/. */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'libs'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('project root not found');
    dir = up;
  }
  root = dir;
  return root;
}
