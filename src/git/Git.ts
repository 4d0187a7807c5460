import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { simpleGit, type SimpleGit } from 'simple-git';
import { locateRepo, type RepoLocation } from './locateRepo';
import { BlobReader } from './BlobReader';
import { TreeReader } from './TreeReader';
import { parseNameStatus, type PathChange } from './parseNameStatus';

/**
 * simple-git 4 drops every ambient GIT_* variable unless it is allowed, and refuses one passed
 * explicitly unless allowed: every variable of the environment locateRepo() built is allowed (that
 * environment holds only the variables every read must honour).
 */
const options = (baseDir: string, env: NodeJS.ProcessEnv) => ({
  baseDir,
  trimmed: false,
  allowEnvironment: Object.keys(env).filter((k) => k.startsWith('GIT_')),
  unsafe: {
    // `init --no-husky` sets core.hooksPath on purpose; simple-git refuses that unless told.
    allowUnsafeHooksPath: true,
    // The configuration git itself was started with (GIT_CONFIG_GLOBAL, `git -c` as
    // GIT_CONFIG_PARAMETERS/COUNT, GIT_EXEC_PATH) must reach our reads of the same repository; our
    // arguments are fixed, with paths only after `--`, so none of these can inject an option.
    allowUnsafeConfigPaths: true,
    allowUnsafeConfigEnvCount: true,
    allowUnsafeExec: true,
  },
});

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
 * The only door to git (lint-staged's execGit): simple-git for diffs, status and refs, one batched
 * `cat-file` process for contents. Output is always NUL-separated (-z), so paths with spaces,
 * newlines or non-ASCII characters come through untouched.
 */
export class Git {
  readonly blobs: BlobReader;
  /** Commit trees, read through the same cat-file process (no ls-tree per commit). */
  readonly trees: TreeReader;

  private constructor(
    private readonly sg: SimpleGit,
    private readonly location: RepoLocation,
    blobs?: BlobReader,
    trees?: TreeReader,
  ) {
    this.blobs = blobs ?? new BlobReader(location.toplevel, location.env);
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
    return new Git(simpleGit(options(location.toplevel, location.env)).env(location.env), location);
  }

  /** The same repository seen from another folder of it (no git process). */
  at(dir: string): Git {
    const rel = path.relative(this.toplevel, path.resolve(dir)).split(path.sep).join('/');
    return new Git(this.sg, { ...this.location, prefix: rel ? `${rel}/` : '' }, this.blobs, this.trees);
  }

  raw(args: string[]): Promise<string> {
    return this.sg.raw(args);
  }

  /** A git command fed `input` on its standard input (plumbing that simple-git has no call for). */
  pipe(args: string[], input: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const p = spawn('git', args, { cwd: this.toplevel, env: this.env });
      let out = '';
      let err = '';
      p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      p.on('error', (e) => reject(new Error(`cannot run git ${args[0]}: ${e.message}`)));
      p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`git ${args[0]} failed: ${err.trim()}`))));
      p.stdin.on('error', () => undefined); // git may exit before reading everything; the exit code tells
      p.stdin.end(input);
    });
  }

  async hasCommit(ref: string): Promise<boolean> {
    // `--verify --quiet` prints nothing and exits 1 for an unknown ref; simple-git only rejects when
    // git writes to stderr, so the answer is whether a sha came back.
    const out = await this.sg.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '');
    return /^[0-9a-f]{40,64}\s*$/.test(out);
  }

  async resolve(ref: string): Promise<string> {
    return (await this.sg.raw(['rev-parse', '--verify', `${ref}^{commit}`])).trim();
  }

  /** What the index changes against `base` (the commit being made's first parent; none: the empty tree). */
  async stagedChanges(base: string | undefined): Promise<PathChange[]> {
    // `diff --cached` leaves intent-to-add entries out, as the commit will (git >= 2.19 default).
    return parseNameStatus(await this.sg.raw(['diff', '--cached', '--name-status', '-z', '-M', '--no-ext-diff', base ?? EMPTY_TREE]));
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
    const out = await this.sg.raw([
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
