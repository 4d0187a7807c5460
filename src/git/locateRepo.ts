import * as fs from 'node:fs';
import * as path from 'node:path';
import { probeGit } from './execGit';
import { GitStateError } from './GitStateError';
import { MSG } from '../messages';

/**
 * Variables git sets for hooks, or a user sets, that every git process of ours must see. Everything
 * else named GIT_* is dropped: an ambient GIT_EDITOR or GIT_SSH_COMMAND has no business in our reads.
 */
const PASSED_THROUGH = [
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
  // Who commits: git exports the author it will record (`--author`, an amended commit's) to its hooks,
  // and `git var GIT_AUTHOR_IDENT` must answer with it (override records bind to their commit's author).
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
];

export interface RepoLocation {
  /** Absolute top level of the work tree. */
  toplevel: string;
  /** `cwd` below the top level, with a trailing slash ('' at the top). */
  prefix: string;
  /** This work tree's git directory (a linked worktree has its own), absolute. */
  gitDir: string;
  /** The repository's common git directory (shared by linked worktrees), absolute. */
  commonDir: string;
  /** HEAD's commit; undefined before the first commit. */
  head?: string;
  /** The environment of every git process we start: GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE absolute. */
  env: NodeJS.ProcessEnv;
}

/**
 * The one rule for "which repository, which work tree, which index", under every combination git and
 * users produce: a plain checkout (git sets a relative GIT_INDEX_FILE for hooks), a linked worktree
 * (git exports an absolute GIT_DIR, and then takes the current directory for the top level), a
 * `--git-dir`/`--work-tree` invocation (both exported, relative as typed), `commit -a`/`--only`
 * (a temporary GIT_INDEX_FILE), a submodule, and a hook line that `cd`s into a package subfolder first.
 *
 * - A relative GIT_DIR or GIT_WORK_TREE is relative to the directory git started the hook in, which is
 *   the work tree's top level: the nearest folder at or above `cwd` where GIT_DIR names a git directory.
 * - With GIT_DIR set and no GIT_WORK_TREE, the top level is what discovery from `cwd` finds when it
 *   finds the same git directory (the linked-worktree case); otherwise the folder the hook started in.
 * - A relative GIT_INDEX_FILE is relative to the top level (git changes to it before reading the index).
 * Every git process then gets all three as absolute paths, so no later `cd` can change the answer.
 */
export async function locateRepo(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<RepoLocation | undefined> {
  const base = baseEnv(env);
  const givenDir = env.GIT_DIR || undefined;
  const givenTree = env.GIT_WORK_TREE || undefined;
  const anchor = givenDir && !path.isAbsolute(givenDir) ? (findAnchor(cwd, givenDir) ?? cwd) : cwd;
  const found = await revParse(cwd, { ...base, ...OBJECTS_AS_STORED });
  let toplevel: string;
  let info = found;
  if (!givenDir && !givenTree) {
    if (!found?.toplevel) return undefined;
    toplevel = found.toplevel;
  } else {
    const gitDir = givenDir ? path.resolve(anchor, givenDir) : found?.gitDir;
    if (!gitDir) return undefined;
    if (givenTree) toplevel = path.resolve(anchor, givenTree);
    else if (found?.toplevel && samePath(found.gitDir, gitDir)) toplevel = found.toplevel;
    // GIT_DIR names one repository and the folder being checked belongs to another: reading one's
    // index against the other's files would judge neither, so say so (exit 2) instead of guessing.
    else if (found?.toplevel && !samePath(found.commonDir, gitDir) && !samePath(found.gitDir, gitDir))
      throw new GitStateError(MSG.otherRepository(cwd, found.toplevel, gitDir));
    else toplevel = anchor;
    if (!found || !samePath(found.gitDir, gitDir) || !found.toplevel || !samePath(found.toplevel, toplevel)) {
      info = await revParse(toplevel, { ...base, ...OBJECTS_AS_STORED, GIT_DIR: gitDir, GIT_WORK_TREE: toplevel });
      if (!info) return undefined;
    }
  }
  if (!info) return undefined;
  const prefix = relativeInside(toplevel, cwd);
  if (prefix === undefined) return undefined;
  const indexFile = env.GIT_INDEX_FILE ? path.resolve(toplevel, env.GIT_INDEX_FILE) : undefined;
  return {
    toplevel: path.resolve(toplevel),
    prefix,
    gitDir: info.gitDir,
    commonDir: info.commonDir,
    head: info.head,
    env: {
      ...base,
      ...OBJECTS_AS_STORED,
      GIT_DIR: info.gitDir,
      GIT_WORK_TREE: path.resolve(toplevel),
      ...(indexFile ? { GIT_INDEX_FILE: indexFile } : {}),
    },
  };
}

/**
 * Commits as their objects say, never as `refs/replace/*` or a graft file substitutes them: a
 * replace ref (fetched, mirrored or made locally) could show ci an innocent commit in place of the
 * one pushed. (`GIT_GRAFT_FILE` names a file that does not exist.)
 */
const OBJECTS_AS_STORED = { GIT_NO_REPLACE_OBJECTS: '1', GIT_GRAFT_FILE: path.join(path.sep, 'nonexistent', 'spine-hooks-no-grafts') };

/** Programs git could start on our behalf; our reads never need an editor, a pager or a password prompt. */
const INTERACTIVE = new Set(['EDITOR', 'VISUAL', 'PAGER', 'SSH_ASKPASS', 'PREFIX']);

/** The caller's environment without GIT_* variables other than those every read must honour. */
export function baseEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || INTERACTIVE.has(k.toUpperCase())) continue;
    if (!k.startsWith('GIT_') || PASSED_THROUGH.includes(k) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(k)) out[k] = v;
  }
  return out;
}

interface RevParse {
  gitDir: string;
  commonDir: string;
  toplevel?: string;
  head?: string;
}

async function revParse(cwd: string, env: NodeJS.ProcessEnv): Promise<RevParse | undefined> {
  // One process answers all four; --show-toplevel prints nothing in a bare repository.
  const out = await probeGit({ cwd, env }, [
    'rev-parse',
    '--absolute-git-dir',
    '--git-common-dir',
    '--show-toplevel',
    '--verify',
    '-q',
    'HEAD',
  ]);
  if (out === undefined) return undefined;
  const lines = out.split('\n');
  const [gitDir, common] = lines;
  if (!gitDir || !common || !path.isAbsolute(gitDir)) return undefined;
  const rest = lines.slice(2).filter(Boolean);
  const head = rest.find((l) => /^[0-9a-f]{40,64}$/.test(l));
  const toplevel = rest.find((l) => l !== head && path.isAbsolute(l));
  return { gitDir, commonDir: path.resolve(cwd, common), toplevel, head };
}

/** The nearest folder at or above `cwd` where `rel` names a git directory (or a `.git` file). */
function findAnchor(cwd: string, rel: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.resolve(dir, rel);
    if (fs.existsSync(path.join(candidate, 'HEAD')) || isGitFile(candidate)) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isGitFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile() && fs.readFileSync(p, 'utf8').startsWith('gitdir: ');
  } catch {
    return false;
  }
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function samePath(a: string, b: string): boolean {
  return real(a) === real(b);
}

/** `dir` relative to `top` as a prefix with a trailing slash; undefined when `dir` is outside `top`. */
function relativeInside(top: string, dir: string): string | undefined {
  const rel = path.relative(real(top), real(dir));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel ? `${rel.split(path.sep).join('/')}/` : '';
}
