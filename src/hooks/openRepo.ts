import * as fs from 'node:fs';
import * as path from 'node:path';
import { Git } from '../git/Git';
import { GitSnapshot } from '../git/GitSnapshot';
import { ConfigError } from '../registry/ConfigError';
import { RUN_MSG } from '../messages';
import { CONFIG_FILE } from '../registry/loadRegistry';
import type { PathChange } from '../git/parseNameStatus';
import { touchedPaths } from '../git/parseNameStatus';

const opened = new Map<string, Git>();

/**
 * Opens the git repository around the SSOT root `cwd`; not being in one is a usage error. `needs`:
 * why a command that cannot run without git needs it (checks are pointed at --all instead).
 */
export async function openRepo(cwd: string, needs?: string): Promise<Git> {
  const root = path.resolve(cwd);
  const git = opened.get(root) ?? (await Git.open(root));
  if (!git) throw new ConfigError(RUN_MSG.notAGitWorkTree(cwd, needs));
  opened.delete(root);
  return git;
}

/**
 * The SSOT root for git modes when --cwd is not given: the nearest folder from `cwd` up to the work
 * tree's top level that holds spine-hooks.config.yaml or package.json, else the top level. So
 * `spine-hooks --staged` run from ops/bindings/ checks the repository, not a folder of it.
 */
export async function findRoot(cwd: string): Promise<string> {
  const git = await Git.open(cwd);
  if (!git) return cwd;
  let dir = path.resolve(cwd);
  for (;;) {
    if (
      fs.existsSync(path.join(dir, CONFIG_FILE)) ||
      fs.existsSync(path.join(dir, 'package.json')) ||
      dir === git.toplevel ||
      path.dirname(dir) === dir
    )
      break;
    dir = path.dirname(dir);
  }
  if (!dir.startsWith(git.toplevel)) dir = git.toplevel;
  // Keep the repository open for the command that follows (no second `git rev-parse`).
  opened.set(dir, git.at(dir));
  return dir;
}

/** Changed paths relative to the SSOT root; changes outside it do not concern its gates. */
export function rootPaths(git: Git, changes: readonly PathChange[]): string[] {
  return touchedPaths(changes)
    .filter((p) => p.startsWith(git.prefix))
    .map((p) => p.slice(git.prefix.length));
}

/** The configuration file as a snapshot has it: text, or null when absent there. */
export async function configFromSnapshot(snapshot: GitSnapshot, configPath?: string): Promise<{ text: string | null; path: string }> {
  const rel = configPath ?? CONFIG_FILE;
  if (path.isAbsolute(rel)) throw new ConfigError(RUN_MSG.configNotRelative(rel));
  const buf = (await snapshot.load([rel])).get(rel);
  return { text: buf ? buf.toString('utf8') : null, path: rel };
}
