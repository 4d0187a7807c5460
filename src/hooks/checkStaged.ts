import type { RunResult, Severity } from '../types';
import type { Registry } from '../registry/model';
import { prepare, runPrepared, type Prepared } from '../run';
import { loadBaseline } from '../policy/loadPolicy';
import type { BaselineEntry } from '../policy/model';
import { selectGates, type Selected } from '../impact/selectGates';
import { GitSnapshot } from '../git/GitSnapshot';
import { configFromSnapshot, openRepo, rootPaths } from './openRepo';

export interface StagedOutcome {
  /** Paths the index changes (relative to the SSOT root). */
  changed: string[];
  selected: Selected[];
  /** Undefined when no gate reads any changed path. */
  result?: RunResult;
  registry: Registry;
  prepared: Prepared;
  baseline?: BaselineEntry[];
}

/**
 * Pre-commit: what the index would commit, checked from the index alone (never the working tree).
 * Every input of every selected gate is read from the index, not only the changed files.
 */
export async function checkStaged(opts: {
  cwd: string;
  config?: string;
  failOn?: Severity;
  now?: () => number;
  amend?: boolean;
  baseline?: boolean;
}): Promise<StagedOutcome> {
  const git = await openRepo(opts.cwd);
  try {
    const snapshot = new GitSnapshot(git, { kind: 'index' });
    // The diff and the configuration's blob are independent: ask git for both at once.
    const [changes, config] = await Promise.all([git.stagedChanges({ amend: opts.amend }), configFromSnapshot(snapshot, opts.config)]);
    const changed = rootPaths(git, changes);
    const prepared = prepare({ cwd: opts.cwd, config: opts.config, configText: config.text });
    const selected = selectGates(prepared.selected, prepared.loaded.registry, changed, [config.path]);
    const registry = prepared.loaded.registry;
    if (selected.length === 0) return { changed, selected, registry, prepared };
    const baseline = opts.baseline === false ? undefined : await loadBaseline(snapshot, prepared.loaded.policy, prepared.schemas);
    const result = await runPrepared(
      { ...prepared, selected: selected.map((s) => s.gate) },
      { snapshot, onlyFiles: new Set(changed), failOn: opts.failOn, now: opts.now, policy: { baseline: baseline?.entries } },
    );
    return { changed, selected, result, registry, prepared, baseline: baseline?.entries };
  } finally {
    git.close();
  }
}
