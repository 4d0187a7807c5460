import type { Git } from '../git/Git';
import { GitSnapshot } from '../git/GitSnapshot';
import { runPrepared } from '../run';
import { baselineMayCover } from '../policy/applyPolicy';
import type { RunResult } from '../types';
import type { StagedOutcome } from './checkStaged';

/**
 * What a blocked commit is told about the baseline. The baseline is for adopting spine-hooks: drift
 * that was there before the hooks. So the commit hears of it only while no baseline is committed
 * (`adopting`), or for findings its first parent already had (`predating`: a gate added by an upgrade,
 * a commit made without the hooks or kept by an override). New drift in a repository that has a
 * baseline is not invited into it.
 */
export interface BaselineHint {
  adopting: boolean;
  /** Open findings the baseline could hold that the first parent already had. */
  predating: number;
}

/** The hint for a blocked commit, or none. Runs the failing gates once more, on the first parent (the failure path only). */
export async function baselineHint(git: Git, outcome: StagedOutcome, result: RunResult): Promise<BaselineHint | undefined> {
  const open = result.gates.flatMap((g) => g.findings).filter((f) => !f.suppressed && f.severity === 'error' && baselineMayCover(f));
  if (open.length === 0 || outcome.baseline === undefined) return undefined;
  if (!outcome.baselineCommitted) return { adopting: true, predating: 0 };
  const parent = outcome.parents[0];
  if (!parent) return undefined;
  const failing = new Set(open.map((f) => f.gate));
  try {
    const before = await runPrepared(
      { ...outcome.prepared, selected: outcome.prepared.selected.filter((g) => failing.has(g.def.id)) },
      { snapshot: new GitSnapshot(git, { kind: 'commit', sha: parent }), onlyFiles: new Set(outcome.changed) },
    );
    const had = new Set(before.gates.flatMap((g) => g.findings.map((f) => `${g.id}\0${f.fingerprint}`)));
    const predating = open.filter((f) => had.has(`${f.gate}\0${f.fingerprint}`)).length;
    return predating ? { adopting: false, predating } : undefined;
  } catch {
    // The parent cannot be read as this configuration reads files: nothing is said about the baseline.
    return undefined;
  }
}
