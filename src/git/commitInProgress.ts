import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Git } from './Git';

export interface CommitInProgress {
  /**
   * The parents the commit being made will have, first parent first: HEAD, then the commits of
   * MERGE_HEAD (a merge: `git merge` running pre-merge-commit, or `git commit` concluding a
   * conflicted merge); when amending, HEAD's own parents. Empty for the first commit.
   */
  parents: string[];
  amend: boolean;
}

/**
 * What the hooks know of the commit git is about to write, read the way git writes it: its tree is
 * the hook's index (GIT_INDEX_FILE; intent-to-add entries are left out, see GitSnapshot), its parents
 * are these. A squash merge (`merge --squash`), a cherry-pick, a revert and a rebase pick are commits
 * with one parent, like any other; `spine-hooks ci` reads a finished commit the same way
 * (checkCommits), so both sides judge the same tree against the same first parent.
 */
export async function commitInProgress(git: Git, opts: { amend: boolean }): Promise<CommitInProgress> {
  if (!git.head) return { parents: [], amend: false };
  if (opts.amend) {
    // `HEAD^@`: every parent of HEAD (an amended merge keeps both); none for a root commit.
    const out = await git.raw(['rev-parse', `${git.head}^@`]).catch(() => '');
    return { parents: out.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l)), amend: true };
  }
  return { parents: [git.head, ...mergeHeads(git)], amend: false };
}

/** The commits MERGE_HEAD names (one per line; an octopus merge has several). */
function mergeHeads(git: Git): string[] {
  try {
    const text = fs.readFileSync(path.join(git.gitDir, 'MERGE_HEAD'), 'utf8');
    return text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[0-9a-f]{40,64}$/.test(l));
  } catch {
    return [];
  }
}
