import type { RunResult, Severity } from '../types';
import type { Registry } from '../registry/registryTypes';
import type { Clock } from '../records/time';
import { prepare, runPrepared, type Prepared } from '../run';
import { HOOK_MODULE_TIMEOUT_CAP_MS } from '../sandbox/moduleJob';
import { loadBaseline } from '../policy/loadPolicy';
import { CONFIG_FILE } from '../registry/loadRegistry';
import { DEFAULT_POLICY } from '../policy/policyRecords';
import { builtRegistry } from '../registry/readConfigFile';
import type { BaselineEntry, OverrideRecord } from '../policy/policyRecords';
import type { LogProblem } from '../policy/readPolicyFiles';
import { readLogChange } from './readLogChange';
import { commitIdentities } from './gitIdentity';
import { addedRecordProblems } from '../policy/checkAddedRecord';
import { verifiedBasesChange } from '../policy/verifiedBases';
import type { Git } from '../git/Git';
import { selectGates, type Selected } from '../impact/selectGates';
import { GitSnapshot } from '../git/GitSnapshot';
import { configFromSnapshot, rootPaths } from './openRepo';
import { commitInProgress } from '../git/commitInProgress';
import { governanceAt } from '../governance/governanceAt';
import { watchedPaths, withLinkedChanges } from './linkedChanges';
import { parentBase } from './historyBase';
import { governanceInputs } from '../governance/governanceInputs';
import { gatedPatterns, gatedList as gatedListText, escapeGlob } from './gatedPaths';
import * as path from 'node:path';

export interface StagedOutcome {
  /** Paths the index changes (relative to the SSOT root). */
  changed: string[];
  selected: Selected[];
  /** Undefined when no gate reads any changed path. Baseline, carried and staged records applied. */
  result?: RunResult;
  registry: Registry;
  prepared: Prepared;
  baseline?: BaselineEntry[];
  /** The baseline file is in the index (a repository that has finished adopting spine-hooks). */
  baselineCommitted?: boolean;
  /** A staged change to the override log that is not a pure append of valid records. */
  logProblems: LogProblem[];
  /**
   * Override records the commit being made adds (in the index's log, in none of its parents' logs): left
   * by an aborted attempt, kept by an amend, brought by a squash merge. They apply as in CI.
   */
  stagedRecords: OverrideRecord[];
  /** Records a merge carries in from its other parents (see policy/logChanges.ts); already applied. */
  carriedRecords: OverrideRecord[];
  /** The parents of the commit being made (see git/commitInProgress.ts). */
  parents: string[];
  /** Gate ids an override may name: the configuration's, and those the change removes. */
  gateIds: string[];
  /** The SSOT root relative to the repository's top level (`infra/`, or ''). */
  prefix: string;
  /** What the hook script's node-free decision needs (hooks/gate-free.sh, hooks/gatedPaths.ts). */
  gatedList: () => { file: string; text: string };
}

export interface StagedOptions {
  cwd: string;
  config?: string;
  failOn?: Severity;
  now?: () => number;
  clock?: Clock;
  amend?: boolean;
  baseline?: boolean;
}

/**
 * Pre-commit: what the index would commit, checked from the index alone (never the working tree).
 * Every input of every selected gate is read from the index, not only the changed files. The
 * baseline, the records a merge carries in and the records the commit itself adds apply here, in
 * the run, as ci applies them to the finished commit (checkCommits): a new override is judgeStaged's.
 */
export async function checkStaged(git: Git, opts: StagedOptions): Promise<StagedOutcome> {
  const { parents } = await commitInProgress(git, { amend: Boolean(opts.amend) });
  // The index is read as the first parent's tree changed by the staged diff: one git process for both.
  // The parent's entries of every file the shipped layout names are read while git diffs (a remapped
  // path is read later, when the configuration names it).
  const staged = git.stagedDiff(parents[0]);
  const snapshot = new GitSnapshot(git, { kind: 'index' }).fromStagedDiff(parents[0], staged);
  const layout = defaultLayout();
  const [{ changes }] = await Promise.all([staged, snapshot.prefetch([opts.config ?? CONFIG_FILE, ...layout])]);
  const config = await configFromSnapshot(snapshot, opts.config);
  const prepared = prepare({ cwd: opts.cwd, config: opts.config, configText: config.text });
  const linked = await withLinkedChanges(rootPaths(git, changes), watchedPaths(prepared, config.path), snapshot);
  const changed = linked.changed;
  const selected = selectGates(prepared.selected, prepared.loaded.registry, changed, [config.path]);
  const registry = prepared.loaded.registry;
  const log = changed.includes(prepared.loaded.policy.overrideLog)
    ? await checkLog(git, snapshot, prepared, parents)
    : { problems: [], added: [], carried: [] };
  const bases = changed.includes(prepared.loaded.policy.verifiedBases) ? await checkBases(git, snapshot, prepared, parents) : [];
  // A staged change that weakens a gate fails that gate (governance/governanceAt.ts).
  const parent = parents[0] ? new GitSnapshot(git, { kind: 'commit', sha: parents[0] }) : undefined;
  const governance = await governanceAt({
    prepared,
    after: snapshot,
    before: parent,
    changed,
    configPath: config.path,
    config: opts.config,
  });
  const gateIds = [...new Set([...registry.gates.map((g) => g.id), ...governance.beforeIds])];
  // Made only when asked for (by the installed hook, which writes it).
  const configBlob = snapshot.idOf(config.path);
  const gatedList = () => {
    // A file a watched link stands for is gated like the link (hooks/linkedChanges.ts).
    const literal = [...governanceInputs(prepared.loaded, config.path), ...linked.links.values()].map((p) =>
      escapeGlob(`${git.prefix}${p}`),
    );
    const patterns = [...new Set([...gatedPatterns(prepared, config.path, git.prefix), ...literal])].sort();
    return {
      file: path.join(git.gitDir, 'spine-hooks', 'gated-paths'),
      text: gatedListText(patterns, `${git.prefix}${config.path}`, configBlob, git.prefix),
    };
  };
  const base = {
    changed,
    selected,
    registry,
    prepared,
    logProblems: [...log.problems, ...bases],
    stagedRecords: log.added,
    carriedRecords: log.carried,
    parents,
    gateIds,
    prefix: git.prefix,
    gatedList,
  };
  if (selected.length === 0 && governance.results.length === 0) return base;
  const baseline = opts.baseline === false ? undefined : await loadBaseline(snapshot, prepared.loaded.policy, prepared.schemas);
  const result = await runPrepared(
    { ...prepared, selected: selected.map((s) => s.gate) },
    {
      snapshot,
      onlyFiles: new Set(changed),
      failOn: opts.failOn,
      now: opts.now,
      clock: opts.clock,
      policy: { baseline: baseline?.entries, overrides: log.added, carried: log.carried },
      extra: governance.results,
      moduleCapMs: HOOK_MODULE_TIMEOUT_CAP_MS,
      // The commit's first parent, as ci reads it from the finished commit (hooks/historyBase.ts).
      base: parentBase(git, parents, opts.amend ? git.head : undefined),
      before: parent,
    },
  );
  const baselineCommitted = snapshot.idOf(prepared.loaded.policy.baselineFile) !== undefined;
  return { ...base, result, baseline: baseline?.entries, baselineCommitted };
}

/** The override log may only grow by valid records; catching an edit here saves a failed CI run. */
async function checkLog(
  git: Git,
  index: GitSnapshot,
  prepared: Prepared,
  parents: string[],
): Promise<{ problems: LogProblem[]; added: OverrideRecord[]; carried: OverrideRecord[] }> {
  const log = prepared.loaded.policy.overrideLog;
  const change = await readLogChange(git, index, parents, log, prepared.schemas);
  const strip = ({ line: _l, ...r }: OverrideRecord & { line: number }) => (void _l, r);
  // Records this commit adds (an earlier attempt's, an amended commit's, a squash's) must be its own, as ci will ask.
  const who = change.added.length ? await commitIdentities(git) : [];
  const problems = [...change.problems, ...change.added.flatMap((r) => addedRecordProblems(r, prepared.loaded.policy, who, log))];
  return { problems, added: change.added.map(strip), carried: change.carried.map(strip) };
}

/** The verified-bases file, like the log, may only grow by valid records. */
async function checkBases(git: Git, index: GitSnapshot, prepared: Prepared, parents: string[]): Promise<LogProblem[]> {
  const file = prepared.loaded.policy.verifiedBases;
  const parent = parents[0] ? new GitSnapshot(git, { kind: 'commit', sha: parents[0] }) : undefined;
  const [now, before] = await Promise.all([index.load([file]), parent?.load([file])]);
  return verifiedBasesChange(now.get(file)?.toString('utf8'), before?.get(file)?.toString('utf8'), file, prepared.schemas);
}

/** Paths of the shipped layout (the registry's files, baseline, override log): what a hook will read. */
function defaultLayout(): string[] {
  const files = (builtRegistry()?.data.files ?? {}) as Record<string, string>;
  return [...Object.values(files), DEFAULT_POLICY.baselineFile, DEFAULT_POLICY.overrideLog, DEFAULT_POLICY.verifiedBases];
}
