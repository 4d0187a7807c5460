import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `mkdir -p`: makes `dir` and every missing folder above it (each with `mode` when given), and
 * returns quietly when it is there already. Node's own `mkdirSync(dir, { recursive: true })` is not
 * used: under a pseudo file system it can loop for ever (`XDG_CACHE_HOME=/proc/none` hung every run),
 * where this walks up at most the path's depth and makes each folder on its own, so a folder that
 * cannot be made throws its error (ENOENT, EACCES, ENOTDIR …) at once.
 */
export function makeDirs(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ;) {
    if (fs.existsSync(at)) {
      if (!fs.statSync(at).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder, mode === undefined ? undefined : { mode });
    } catch (e) {
      // Another process made it between the look and the make: it is there, as asked.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(folder).isDirectory()) throw e;
    }
  }
}
