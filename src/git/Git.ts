import * as path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { BlobReader } from './BlobReader';
import { parseNameStatus, type PathChange } from './parseNameStatus';

/**
 * simple-git 4 drops every ambient GIT_* variable unless it is allowed. Hooks must honour the ones git
 * sets for them: `git commit -a` and `git commit <path>` point GIT_INDEX_FILE at a temporary index,
 * worktrees and `--git-dir` set GIT_DIR/GIT_WORK_TREE/GIT_COMMON_DIR, `git -c` passes GIT_CONFIG_PARAMETERS.
 */
const GIT_ENVIRONMENT = [
  'GIT_INDEX_FILE',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_QUARANTINE_PATH',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_EXEC_PATH',
  'GIT_TRACE',
];

const options = (baseDir: string) => ({
  baseDir,
  trimmed: false,
  allowEnvironment: [...GIT_ENVIRONMENT, ...Object.keys(process.env).filter((k) => /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(k))],
  // `init --no-husky` sets core.hooksPath on purpose; simple-git refuses that unless told.
  unsafe: { allowUnsafeHooksPath: true },
});

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
export const ZERO_SHA = /^0+$/;

export interface CommitChanges {
  sha: string;
  /** Parent shas, first parent first (empty for a root commit). */
  parents: string[];
  subject: string;
  changes: PathChange[];
}

/**
 * The only door to git (lint-staged's execGit): simple-git for diffs, status and refs, one batched
 * `cat-file` process for contents. Output is always NUL-separated (-z), so paths with spaces,
 * newlines or non-ASCII characters come through untouched.
 */
export class Git {
  readonly blobs: BlobReader;

  private constructor(
    private readonly sg: SimpleGit,
    /** Absolute path of the working tree's top level. */
    readonly toplevel: string,
    /** Path of the SSOT root below the top level, with a trailing slash ('' at the top). */
    readonly prefix: string,
    /** HEAD's commit, or undefined before the first commit. */
    readonly head: string | undefined,
    /** The repository's common git directory (shared by linked worktrees), absolute. */
    readonly commonDir: string,
    blobs?: BlobReader,
  ) {
    this.blobs = blobs ?? new BlobReader(toplevel);
  }

  /** Opens the repository containing `cwd`; undefined when `cwd` is not inside a work tree. */
  static async open(cwd: string): Promise<Git | undefined> {
    let out: string;
    try {
      // One process answers all four: top level, prefix, common git dir, and HEAD (none before the first commit).
      out = await simpleGit(options(cwd)).raw(['rev-parse', '--show-toplevel', '--show-prefix', '--git-common-dir', '--verify', '-q', 'HEAD']);
    } catch {
      return undefined;
    }
    const [toplevel, prefix, commonDir, head] = out.split('\n');
    if (!toplevel) return undefined;
    return new Git(
      simpleGit(options(toplevel)),
      path.resolve(toplevel),
      prefix ?? '',
      /^[0-9a-f]{40,64}$/.test(head ?? '') ? head : undefined,
      path.resolve(cwd, commonDir || '.git'),
    );
  }

  /** The same repository seen from another folder of it (no git process). */
  at(dir: string): Git {
    const rel = path.relative(this.toplevel, path.resolve(dir)).split(path.sep).join('/');
    return new Git(this.sg, this.toplevel, rel ? `${rel}/` : '', this.head, this.commonDir, this.blobs);
  }

  raw(args: string[]): Promise<string> {
    return this.sg.raw(args);
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

  /** What the index changes against HEAD (against the empty tree before the first commit). */
  async stagedChanges(opts: { amend?: boolean } = {}): Promise<PathChange[]> {
    // An amended commit replaces HEAD: what it changes is measured against HEAD's parent.
    const base = !this.head ? EMPTY_TREE : opts.amend ? ((await this.hasCommit('HEAD^')) ? 'HEAD^' : EMPTY_TREE) : this.head;
    return parseNameStatus(await this.sg.raw(['diff', '--cached', '--name-status', '-z', '-M', '--no-ext-diff', base]));
  }

  /**
   * Commits of a range, oldest first, each with the paths it changes against its parents
   * (`-m`: a merge lists its changes against each parent; they are merged here).
   */
  async commitsInRange(range: string[]): Promise<CommitChanges[]> {
    const out = await this.sg.raw(['log', '--reverse', '--topo-order', '-m', '--format=%x01%H%x1f%P%x1f%s', '--name-status', '-z', '-M', '--no-ext-diff', ...range, '--']);
    const bySha = new Map<string, CommitChanges>();
    for (const chunk of out.split('\x01').slice(1)) {
      const nul = chunk.indexOf('\0');
      const [sha, parents = '', subject = ''] = (nul < 0 ? chunk : chunk.slice(0, nul)).trim().split('\x1f');
      const changes = nul < 0 ? [] : parseNameStatus(chunk.slice(nul + 1));
      const entry = bySha.get(sha);
      if (entry) entry.changes.push(...changes);
      else bySha.set(sha, { sha, parents: parents.split(' ').filter(Boolean), subject, changes });
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

  close(): void {
    this.blobs.close();
  }
}
