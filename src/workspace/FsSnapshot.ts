import { promises as fs, readFileSync, statSync } from 'node:fs';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import type { ListedPath, ParseCache, Snapshot } from './Snapshot';
import { resolveLink, linkMessage } from './resolveLink';
import { GitParseCache } from './ParseCache';
import { userCacheDir } from '../cache/userCacheDir';

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/** The files under a directory on disk (`--all`); the directory need not be a git repository. */
export class FsSnapshot implements Snapshot {
  readonly label = 'working tree';
  private readonly problems = new Map<string, string>();
  /**
   * Parsed YAML is cached by the id git would give the file's bytes (an unchanged file is not parsed
   * again), and gate verdicts by those ids, where cacheHome says.
   */
  readonly parseCache?: ParseCache;
  readonly cacheRoot?: string;
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly root: string,
    opts: { parseCache?: boolean } = {},
  ) {
    const home = opts.parseCache === false ? undefined : cacheHome(root);
    if (home) {
      this.parseCache = new GitParseCache(home);
      this.cacheRoot = home;
    }
  }

  async load(paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    const entries = await Promise.all(paths.map(async (p) => [p, await this.read(p)] as const));
    if (this.parseCache) for (const [p, bytes] of entries) if (bytes) this.ids.set(p, blobId(bytes));
    return new Map(entries);
  }

  /** The blob id git would store these bytes under (the parse cache's key); only with a cache. */
  idOf(p: string): string | undefined {
    return this.ids.get(p);
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
      if (p.includes('/') && (await fs.realpath(full)) !== path.join(await this.realRoot(), p))
        return this.fail(p, linkMessage.throughFolder());
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
    return (await this.walk(dir, false)).map((e) => e.path);
  }

  /** Files and links below `dir`, with git's view of them: executable when the owner may run it (core.fileMode). */
  listKinds(dir: string): Promise<ListedPath[]> {
    return this.walk(dir, true);
  }

  /** Without `kinds`, every entry reads as a plain file: no stat and no readlink (glob listings need only names). */
  private async walk(dir: string, kinds: boolean): Promise<ListedPath[]> {
    const out: ListedPath[] = [];
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
        } else if (!kinds && (d.isFile() || d.isSymbolicLink())) {
          out.push({ path: child, kind: 'file' });
        } else if (d.isFile()) {
          out.push({ path: child, kind: await this.fileKind(child) });
        } else if (d.isSymbolicLink()) {
          const r = resolveLink(child, (await fs.readlink(path.join(this.root, child)).catch(() => '/')).split(path.sep).join('/'));
          out.push('path' in r ? { path: child, kind: 'link', target: r.path } : { path: child, kind: 'link' });
        }
      }
    };
    await walk(dir.replace(/\/+$/, ''));
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private async fileKind(p: string): Promise<'file' | 'executable'> {
    try {
      return (await fs.stat(path.join(this.root, p))).mode & 0o100 ? 'executable' : 'file';
    } catch {
      return 'file';
    }
  }
}

/** `git hash-object` of these bytes. */
export function blobId(bytes: Buffer): string {
  return crypto.createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * Where the caches of a folder checked on disk live (the folder that gets `spine-hooks/cache/…`):
 * the git directory of the folder when it is a work tree's top level, where the hooks cache too (its
 * `.git` is part of the tree being checked), else the user's cache folder, whose entries are named by
 * content and so serve every folder. Never the git directory of a repository the folder merely sits
 * in: `--cwd` into a folder of another repository writes nothing into that repository. None without
 * a home to keep a cache in.
 */
export function cacheHome(root: string): string | undefined {
  const own = gitCommonDir(root);
  if (own) return own;
  const user = userCacheDir();
  // DiskStore adds `spine-hooks/`: the user's folder is `<XDG_CACHE_HOME or ~/.cache>/spine-hooks`.
  return user && path.dirname(user);
}

/**
 * The git common directory of the repository whose top level is `dir` (a `.git` folder there, or the
 * `.git` file of a linked worktree or submodule, with its `commondir`), found on disk without
 * starting git; none when `dir` is not a work tree's top level.
 */
export function gitCommonDir(dir: string): string | undefined {
  const d = path.resolve(dir);
  const dotGit = path.join(d, '.git');
  try {
    const st = statSync(dotGit);
    if (st.isDirectory()) return dotGit;
    const m = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!m) return undefined;
    const gitDir = path.resolve(d, m[1].trim());
    try {
      return path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
      return gitDir;
    }
  } catch {
    return undefined;
  }
}
