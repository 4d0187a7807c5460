import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Snapshot } from './Snapshot';
import { resolveLink, linkMessage } from './resolveLink';

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** The files under a directory on disk (`--all`); the directory need not be a git repository. */
export class FsSnapshot implements Snapshot {
  readonly label = 'working tree';
  private readonly problems = new Map<string, string>();

  constructor(private readonly root: string) {}

  async load(paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    const entries = await Promise.all(paths.map(async (p) => [p, await this.read(p)] as const));
    return new Map(entries);
  }

  problemOf(p: string): string | undefined {
    return this.problems.get(p);
  }

  /** A regular file's bytes; a symbolic link is followed by the rule git snapshots apply (resolveLink). */
  private async read(p: string): Promise<Buffer | undefined> {
    const full = path.join(this.root, p);
    try {
      const st = await fs.lstat(full);
      if (st.isSymbolicLink()) {
        const target = await fs.readlink(full);
        const r = resolveLink(p, target.split(path.sep).join('/'));
        if ('problem' in r) return this.fail(p, r.problem);
        let tst;
        try {
          tst = await fs.lstat(path.join(this.root, r.path));
        } catch {
          return this.fail(p, linkMessage.dangling(r.path));
        }
        if (tst.isSymbolicLink()) return this.fail(p, linkMessage.chain(r.path));
        return tst.isFile() ? await fs.readFile(path.join(this.root, r.path)) : undefined;
      }
      // Only regular files: a FIFO would block the read forever, and a directory, socket or device is
      // not a file either. Such paths read as missing.
      if (!st.isFile()) return undefined;
      // A folder on the way that is a link: git stores the link, not the files behind it.
      if (p.includes('/') && (await fs.realpath(full)) !== path.join(await this.realRoot(), p)) return this.fail(p, linkMessage.throughFolder());
      return await fs.readFile(full);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ELOOP' || code === 'EACCES') return undefined;
      throw err;
    }
  }

  private realRootCache?: Promise<string>;
  private realRoot(): Promise<string> {
    return (this.realRootCache ??= fs.realpath(this.root));
  }

  private fail(p: string, problem: string): undefined {
    this.problems.set(p, problem);
    return undefined;
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
