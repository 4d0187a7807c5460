import * as path from 'node:path';
import { GitDoor } from './execGit';
import { locateRepo, type RepoLocation } from './locateRepo';
import { BlobReader } from './BlobReader';
import { TreeReader } from './TreeReader';
import { parseNameStatus, type PathChange } from './parseNameStatus';
import { parseRawDiff, type StagedDiff } from './parseRawDiff';

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
export const ZERO_SHA = /^0+$/;

export interface CommitChanges {
  sha: string;
  /** Parent shas, first parent first (empty for a root commit). */
  parents: string[];
  /** The first line of its message (filled by checkCommits from the commit object; git log is not asked for it). */
  subject: string;
  /** Committer time, seconds since the epoch (`ci --now commit`). */
  time: number;
  changes: PathChange[];
}

/**
 * The repository as spine-hooks asks it things: every git command line lives in this folder, every
 * process starts in execGit.ts (simple-git for diffs, status and refs, one batched `cat-file` process
 * for contents). Output is always NUL-separated (-z), so paths with spaces,
 * newlines or non-ASCII characters come through untouched.
 */
export class Git {
  readonly blobs: BlobReader;
  /** Commit trees, read through the same cat-file process (no ls-tree per commit). */
  readonly trees: TreeReader;

  private constructor(
    private readonly door: GitDoor,
    private readonly location: RepoLocation,
    blobs?: BlobReader,
    trees?: TreeReader,
  ) {
    this.blobs = blobs ?? new BlobReader(door);
    this.trees = trees ?? new TreeReader(this.blobs);
  }

  /** Absolute path of the working tree's top level. */
  get toplevel(): string {
    return this.location.toplevel;
  }

  /** Path of the SSOT root below the top level, with a trailing slash ('' at the top). */
  get prefix(): string {
    return this.location.prefix;
  }

  /** HEAD's commit, or undefined before the first commit. */
  get head(): string | undefined {
    return this.location.head;
  }

  /** This work tree's git directory (linked worktrees have their own), absolute. */
  get gitDir(): string {
    return this.location.gitDir;
  }

  /** The repository's common git directory (shared by linked worktrees), absolute. */
  get commonDir(): string {
    return this.location.commonDir;
  }

  /** The environment every git process of this repository runs with (see locateRepo). */
  get env(): NodeJS.ProcessEnv {
    return this.location.env;
  }

  /** Opens the repository containing `cwd`; undefined when `cwd` is not inside a work tree. */
  static async open(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Git | undefined> {
    const location = await locateRepo(cwd, env);
    if (!location) return undefined;
    return new Git(new GitDoor({ cwd: location.toplevel, env: location.env }), location);
  }

  /** The same repository seen from another folder of it (no git process). */
  at(dir: string): Git {
    const rel = path.relative(this.toplevel, path.resolve(dir)).split(path.sep).join('/');
    return new Git(this.door, { ...this.location, prefix: rel ? `${rel}/` : '' }, this.blobs, this.trees);
  }

  /** A git command's output (for the readers of this folder; callers outside src/git/ use the named methods). */
  raw(args: string[]): Promise<string> {
    return this.door.run(args);
  }

  /** A git command fed `input` on its standard input (plumbing that simple-git has no call for). */
  pipe(args: string[], input: string): Promise<string> {
    return this.door.feed(args, input);
  }

  async hasCommit(ref: string): Promise<boolean> {
    // `--verify --quiet` prints nothing and exits 1 for an unknown ref; simple-git only rejects when
    // git writes to stderr, so the answer is whether a sha came back.
    const out = await this.door.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '');
    return /^[0-9a-f]{40,64}\s*$/.test(out);
  }

  async resolve(ref: string): Promise<string> {
    return (await this.door.run(['rev-parse', '--verify', `${ref}^{commit}`])).trim();
  }

  /** The branch HEAD is on (short name); '' when HEAD is detached. */
  async branch(): Promise<string> {
    return (await this.door.run(['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim();
  }

  /** `git var GIT_AUTHOR_IDENT` / `GIT_COMMITTER_IDENT`: who git would record now (honours GIT_AUTHOR_* and config); '' when unknown. */
  async ident(kind: 'GIT_AUTHOR_IDENT' | 'GIT_COMMITTER_IDENT'): Promise<string> {
    return (await this.door.run(['var', kind]).catch(() => '')).trim();
  }

  /** A configuration value as git resolves it; '' when it is not set. */
  async configGet(key: string): Promise<string> {
    return (await this.door.run(['config', '--get', key]).catch(() => '')).trim();
  }

  /** Every `name value` line of the configuration whose name matches `pattern` (git's regular expression); '' when none. */
  async configGetRegexp(pattern: string): Promise<string> {
    return this.door.run(['config', '--get-regexp', pattern]).catch(() => '');
  }

  /** Sets a value in the repository's own configuration. */
  async configSet(key: string, value: string): Promise<void> {
    await this.door.run(['config', key, value]);
  }

  /** Removes a value from the repository's own configuration. */
  async configUnset(key: string): Promise<void> {
    await this.door.run(['config', '--unset', key]);
  }

  /**
   * The best common ancestor of two commits; '' when there is none. (simple-git resolves a silent
   * non-zero exit, so callers ask for the merge base rather than `--is-ancestor`'s status.)
   */
  async mergeBase(a: string, b: string): Promise<string> {
    return (await this.door.run(['merge-base', a, b]).catch(() => '')).trim();
  }

  /** Absolute path of a file in the git directory (`rev-parse --git-path`: honours linked worktrees and GIT_DIR). */
  async gitPath(name: string): Promise<string> {
    return path.resolve(this.toplevel, (await this.door.run(['rev-parse', '--git-path', name])).trim());
  }

  /** Whether git ignores a path of the work tree (from the top level; a folder ends with `/`). */
  async ignores(fullPath: string): Promise<boolean> {
    // check-ignore prints the path when it is ignored and exits 1, silently, when not.
    return (await this.door.run(['check-ignore', '--', fullPath]).catch(() => '')).trim() !== '';
  }

  /** Whether the index holds a file at or under a path (from the top level). */
  async tracks(fullPath: string): Promise<boolean> {
    return (await this.door.run(['--literal-pathspecs', 'ls-files', '-z', '--', fullPath])) !== '';
  }

  /** The blob id the index holds for a path (from the top level); undefined when it holds none at stage 0. */
  async indexBlob(fullPath: string): Promise<string | undefined> {
    const ls = await this.door.run(['--literal-pathspecs', 'ls-files', '-s', '-z', '--', fullPath]);
    return /^\d+ ([0-9a-f]+) 0\t/.exec(ls)?.[1];
  }

  /**
   * Puts `content` into the index at a path (from the top level) as a regular file: the only write
   * spine-hooks makes to a repository's index (hooks/recordOverride.ts).
   */
  async stage(fullPath: string, content: string): Promise<void> {
    const blob = (await this.door.feed(['hash-object', '-w', '--stdin'], content)).trim();
    await this.door.feed(['update-index', '--add', '--cacheinfo', `100644,${blob},${fullPath}`], '');
  }

  /** Every commit reachable from `ref`, newest first, with its full message. */
  async messages(ref: string): Promise<Array<{ sha: string; message: string }>> {
    const out = await this.door.run(['log', '--format=%x01%H%x1f%B', ref]);
    return out
      .split('\x01')
      .slice(1)
      .map((chunk) => {
        const [sha, message = ''] = chunk.split('\x1f');
        return { sha, message };
      });
  }

  /** What the index changes against `base` (the commit being made's first parent; none: the empty tree). */
  async stagedChanges(base: string | undefined): Promise<PathChange[]> {
    return (await this.stagedDiff(base)).changes;
  }

  /**
   * The index against `base`: its changes, and the entry (mode, blob) the index holds for each path
   * they touch, so every other path's entry is base's (GitSnapshot reads the index so, with no
   * `ls-files`). `diff --cached` leaves intent-to-add entries out, as the commit will (git >= 2.19).
   */
  async stagedDiff(base: string | undefined): Promise<StagedDiff> {
    return parseRawDiff(await this.door.run(['diff', '--cached', '--raw', '--no-abbrev', '-z', '-M', '--no-ext-diff', base ?? EMPTY_TREE]));
  }

  /**
   * Commits of a range, oldest first, each with the paths it changes against its first parent: what a
   * merge brings into the branch it concludes, exactly what pre-merge-commit saw as staged. (`--diff-merges=first-parent`, git >= 2.31:
   * `-m` would skip an empty first-parent diff and show the second parent's in its place.)
   */
  async commitsInRange(range: string[]): Promise<CommitChanges[]> {
    // Read token by token (-z: NUL-separated): a header token, then status tokens each followed by
    // exactly one or two paths. Paths and subjects may hold any byte but NUL (\x01 and \x1f too), so
    // nothing is split on a byte they could contain: a path is consumed by its position, never
    // inspected for a header, and the subject is not asked for here: checkCommits takes it from the
    // commit object, whose message it reads anyway.
    const out = await this.door.run([
      'log',
      '--reverse',
      '--topo-order',
      '--diff-merges=first-parent',
      '--format=%x01%H %P%x1f%ct',
      '--name-status',
      '-z',
      '-M',
      '--no-ext-diff',
      ...range,
      '--',
    ]);
    const bySha = new Map<string, CommitChanges>();
    const tokens = out.split('\0');
    let current: CommitChanges | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i].replace(/^\n/, '');
      if (t === '') continue;
      if (t.startsWith('\x01')) {
        const [ids, time = '0'] = t.slice(1).split('\x1f');
        const [sha, ...parents] = ids.split(' ').filter(Boolean);
        current = bySha.get(sha) ?? { sha, parents, time: Number(time), subject: '', changes: [] };
        bySha.set(sha, current);
        continue;
      }
      if (!current || !/^[ACDMRTUX]\d*$/.test(t)) throw new Error(`unexpected git log output near ${JSON.stringify(t.slice(0, 40))}`);
      const two = t[0] === 'R' || t[0] === 'C';
      current.changes.push(...parseNameStatus([t, ...tokens.slice(i + 1, i + (two ? 3 : 2))].join('\0')));
      i += two ? 2 : 1;
    }
    return [...bySha.values()];
  }

  /** A commit's full message (what follows the header of the commit object). */
  async commitMessage(sha: string): Promise<string> {
    const [obj] = await this.blobs.read([sha]);
    const text = obj?.toString('utf8') ?? '';
    const i = text.indexOf('\n\n');
    return i < 0 ? '' : text.slice(i + 2);
  }

  /** The author and committer a commit records (its header lines), in that order. */
  async commitIdentities(sha: string): Promise<Array<{ name: string; email: string }>> {
    const [obj] = await this.blobs.read([sha]);
    const text = obj?.toString('utf8') ?? '';
    const header = text.slice(0, Math.max(0, text.indexOf('\n\n')));
    return ['author', 'committer'].flatMap((k) => {
      const m = new RegExp(`^${k} (.*?) <([^>]*)> \\d+ [+-]\\d{4}$`, 'm').exec(header);
      return m ? [{ name: m[1], email: m[2] }] : [];
    });
  }

  close(): void {
    this.blobs.close();
  }
}
