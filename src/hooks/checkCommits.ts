import type { GateResult, RunResult, Severity } from '../types';
import { prepare, runPrepared, type Prepared } from '../run';
import { selectGates } from '../impact/selectGates';
import { GitSnapshot } from '../git/GitSnapshot';
import type { Git } from '../git/Git';
import { configFromSnapshot, rootPaths } from './openRepo';

export interface CommitVerdict {
  sha: string;
  subject: string;
  result: RunResult;
}

export interface RangeOutcome {
  /** Commits in the range, oldest first. */
  commits: number;
  /** Commits that touched a file some gate reads, each checked on its own tree. */
  checked: CommitVerdict[];
  /** For each failing gate, the first commit where it failed. */
  firstFailures: Array<{ gate: GateResult; sha: string; subject: string }>;
  exitCode: 0 | 1;
  /** Fix hints of the registry the range was checked with (the newest commit's configuration). */
  hints: Record<string, string>;
}

/**
 * Pre-push and CI: every commit of a range that touches a file any gate reads is checked on its own
 * tree, with the configuration that commit carries, so `git commit --no-verify` cannot land drift.
 */
export async function checkCommits(
  git: Git,
  ranges: string[][],
  opts: { cwd: string; config?: string; failOn?: Severity; now?: () => number },
): Promise<RangeOutcome> {
  const seen = new Set<string>();
  const commits = (await Promise.all(ranges.map((r) => git.commitsInRange(r)))).flat().filter((c) => !seen.has(c.sha) && seen.add(c.sha));
  const prepared = new Map<string | null, Prepared>();
  const checked: CommitVerdict[] = [];
  const firstFailures: RangeOutcome['firstFailures'] = [];
  const failedGates = new Set<string>();
  for (const commit of commits) {
    const changed = rootPaths(git, commit.changes);
    if (changed.length === 0) continue;
    const snapshot = new GitSnapshot(git, { kind: 'commit', sha: commit.sha });
    const config = await configFromSnapshot(snapshot, opts.config);
    let p = prepared.get(config.text);
    if (!p) {
      p = prepare({ cwd: opts.cwd, config: opts.config, configText: config.text });
      prepared.set(config.text, p);
    }
    const selected = selectGates(p.selected, p.loaded.registry, changed, [config.path]);
    if (selected.length === 0) continue;
    const result = await runPrepared({ ...p, selected: selected.map((s) => s.gate) }, { snapshot, onlyFiles: new Set(changed), failOn: opts.failOn, now: opts.now });
    const subject = commit.subject;
    checked.push({ sha: commit.sha, subject, result });
    for (const g of result.gates) {
      const failing = g.status === 'fail' || (opts.failOn === 'warn' && g.status === 'warn');
      if (failing && !failedGates.has(g.id)) {
        failedGates.add(g.id);
        firstFailures.push({ gate: g, sha: commit.sha, subject });
      }
    }
  }
  const last = [...prepared.values()].pop();
  const hints = last ? Object.fromEntries(last.loaded.registry.gates.map((g) => [g.id, g.fix_hint])) : {};
  return { commits: commits.length, checked, firstFailures, exitCode: firstFailures.length ? 1 : 0, hints };
}
