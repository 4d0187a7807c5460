import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Snapshot } from './Snapshot';

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** The files under a directory on disk (`--all`); the directory need not be a git repository. */
export class FsSnapshot implements Snapshot {
  readonly label = 'working tree';

  constructor(private readonly root: string) {}

  async load(paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    const entries = await Promise.all(
      paths.map(async (p) => {
        try {
          // Only regular files (symlinks followed): a FIFO would block the read forever, and a
          // directory, socket or device is not a file either. Such paths read as missing.
          const st = await fs.stat(path.join(this.root, p));
          if (!st.isFile()) return [p, undefined] as const;
          return [p, await fs.readFile(path.join(this.root, p))] as const;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP' || code === 'EACCES') return [p, undefined] as const;
          throw err;
        }
      }),
    );
    return new Map(entries);
  }

  async list(dir: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      let dirents;
      try {
        dirents = await fs.readdir(path.join(this.root, rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const d of dirents) {
        const child = rel ? `${rel}/${d.name}` : d.name;
        if (d.isDirectory()) {
          if (!SKIP_DIRS.has(d.name)) await walk(child);
        } else if (d.isFile() || d.isSymbolicLink()) {
          out.push(child);
        }
      }
    };
    await walk(dir.replace(/\/+$/, ''));
    return out.sort();
  }
}
