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
          return [p, await fs.readFile(path.join(this.root, p))] as const;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          // A directory where a file should be reads as a missing file, like git would.
          if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return [p, undefined] as const;
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
