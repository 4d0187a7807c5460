import type { RunResult, Severity } from '../types';
import type { Registry } from '../registry/model';
import { prepare, runPrepared, type Prepared } from '../run';
import { loadBaseline } from '../policy/loadPolicy';
import { CONFIG_FILE } from '../registry/loadRegistry';
import { DEFAULT_POLICY } from '../policy/model';
import { builtRegistry } from '../registry/readConfigFile';
import type { BaselineEntry, OverrideRecord } from '../policy/model';
import type { LogProblem } from '../policy/readPolicyFiles';
import { logChange } from '../policy/logChanges';
import type { Git } from '../git/Git';
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
  /** A staged change to the override log that is not a pure append of valid records. */
  logProblems: LogProblem[];
  /** Override records already staged (appended to the log in the index), e.g. by an aborted attempt. */
  stagedRecords: OverrideRecord[];
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
    // The diff and the index listing of every file the shipped layout names are independent: ask git
    // for both at once (a remapped path is listed later, when the configuration names it).
    const layout = defaultLayout();
    const [changes] = await Promise.all([git.stagedChanges({ amend: opts.amend }), snapshot.prefetch([opts.config ?? CONFIG_FILE, ...layout])]);
    const config = await configFromSnapshot(snapshot, opts.config);
    const changed = rootPaths(git, changes);
    const prepared = prepare({ cwd: opts.cwd, config: opts.config, configText: config.text });
    const selected = selectGates(prepared.selected, prepared.loaded.registry, changed, [config.path]);
    const registry = prepared.loaded.registry;
    const log = changed.includes(prepared.loaded.policy.overrideLog) ? await checkLog(git, snapshot, prepared) : { problems: [], added: [] };
    const logProblems = log.problems;
    const stagedRecords = log.added;
    if (selected.length === 0) return { changed, selected, registry, prepared, logProblems, stagedRecords };
    const baseline = opts.baseline === false ? undefined : await loadBaseline(snapshot, prepared.loaded.policy, prepared.schemas);
    const result = await runPrepared(
      { ...prepared, selected: selected.map((s) => s.gate) },
      { snapshot, onlyFiles: new Set(changed), failOn: opts.failOn, now: opts.now, policy: { baseline: baseline?.entries } },
    );
    return { changed, selected, result, registry, prepared, baseline: baseline?.entries, logProblems, stagedRecords };
  } finally {
    git.close();
  }
}

/** The override log may only grow by valid records; catching an edit here saves a failed CI run. */
async function checkLog(git: Git, index: GitSnapshot, prepared: Prepared): Promise<{ problems: LogProblem[]; added: OverrideRecord[] }> {
  const log = prepared.loaded.policy.overrideLog;
  const head = git.head ? new GitSnapshot(git, { kind: 'commit', sha: git.head }) : undefined;
  const [now, before] = await Promise.all([index.load([log]), head ? head.load([log]) : Promise.resolve(new Map<string, Buffer | undefined>())]);
  const change = logChange(before.get(log)?.toString('utf8'), now.get(log)?.toString('utf8'), log, prepared.schemas);
  return { problems: change.problems, added: change.added.map(({ line: _l, ...r }) => (void _l, r)) };
}

/** Paths of the shipped layout (the registry's files, baseline, override log): what a hook will read. */
function defaultLayout(): string[] {
  const files = (builtRegistry()?.data.files ?? {}) as Record<string, string>;
  return [...Object.values(files), DEFAULT_POLICY.baselineFile, DEFAULT_POLICY.overrideLog];
}
