import { Git } from '../git/Git';
import { GitStateError } from '../git/GitStateError';
import { GitSnapshot } from '../git/GitSnapshot';
import { shallowCommits } from '../git/shallowCommits';
import { MemorySnapshot } from '../workspace/MemorySnapshot';
import type { BaseSource } from '../engine/gateBase';
import { BASE_MSG } from '../messages';

/**
 * The base of a commit, as the hooks and `ci` both read it: its first parent (pre-commit: HEAD; under
 * `--amend`, the amended commit's first parent; during a merge, HEAD; ci and pre-push: each commit's first
 * parent). A first commit has no parent: its base holds no file, so every record is new. A commit a shallow
 * clone was cut at shows no parent either, though it has one: there the base is unknown, and said to be.
 * `self`: the commit whose parents these are, where there is one (ci; the amended HEAD). Nothing is read
 * until a gate that compares with the base runs.
 */
export function parentBase(git: Git, parents: readonly string[], self?: string): () => Promise<BaseSource> {
  const first = parents[0];
  return () => {
    if (first) return Promise.resolve({ snapshot: new GitSnapshot(git, { kind: 'commit', sha: first }), label: BASE_MSG.parent(first) });
    if (self && shallowCommits(git).has(self)) return Promise.resolve({ unavailable: BASE_MSG.shallow(self) });
    return Promise.resolve({ snapshot: new MemorySnapshot({}, BASE_MSG.noParent()), label: BASE_MSG.noParent() });
  };
}

/**
 * `--all`: the working tree against HEAD, when the checked folder is in a git repository with a commit;
 * else why there is no base (the rules say so in a note, never passing in silence). `close` ends the git
 * process the reading may have started.
 */
export async function headBase(cwd: string): Promise<{ source: BaseSource; close: () => void }> {
  let git: Git | undefined;
  try {
    git = await Git.open(cwd);
  } catch (err) {
    // GIT_DIR naming another repository: no HEAD that is this folder's to compare with.
    if (err instanceof GitStateError) return { source: { unavailable: err.message }, close: () => undefined };
    throw err;
  }
  if (!git) return { source: { unavailable: BASE_MSG.notGit(cwd) }, close: () => undefined };
  const head = git.head;
  if (!head) {
    git.close();
    return { source: { unavailable: BASE_MSG.noCommit() }, close: () => undefined };
  }
  const opened = git;
  return {
    source: { snapshot: new GitSnapshot(opened, { kind: 'commit', sha: head }), label: BASE_MSG.head(head) },
    close: () => opened.close(),
  };
}
