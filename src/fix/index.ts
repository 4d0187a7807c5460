import type { Finding, RunResult } from '../types';
import { prepare, runPrepared, selectedInputs, type Prepared, type RunOptions } from '../run';
import { FsSnapshot } from '../workspace/FsSnapshot';
import { Workspace } from '../workspace/Workspace';
import { CollectionStore } from '../records/CollectionStore';
import type { FixContext, FixTemplates } from '../rules/kinds';
import { loadBaseline } from '../policy/loadPolicy';
import type { Clock } from '../records/time';
import { fixedClock } from '../records/time';
import { Git } from '../git/Git';
import { GitSnapshot } from '../git/GitSnapshot';
import { planFixes } from './planFixes';
import { verifyPlan } from './verifyPlan';
import { applyFilePlans } from './applyFilePlans';
import { checkSets, configTemplates, forbiddenBy } from './fixTemplates';
import type { Plan, Repair } from './FixPlan';
import { EditedSnapshot } from './EditedSnapshot';
import { RunMemo } from '../engine/RunMemo';
import { ConfigError } from '../registry/ConfigError';
import { FIX_MSG } from '../messages';

export { planFixes } from './planFixes';
export { verifyPlan } from './verifyPlan';
export { applyFilePlans, notWritable } from './applyFilePlans';
export { unifiedDiff } from './unifiedDiff';
export type { FilePlan, FindingEdit, FixItem, Plan, Repair, TextRange } from './FixPlan';
export { EditedSnapshot } from './EditedSnapshot';

export interface FixOptions {
  /** The repository root (the SSOT root: where spine-hooks.config.yaml is). */
  cwd: string;
  config?: string;
  /** Only these gates' findings (default: every gate). */
  gates?: string[];
  /** Only the findings a staged change causes (what the pre-commit hook would report). */
  staged?: boolean;
  /** Write the verified edits to the working tree (never the index). */
  write?: boolean;
  /** `--set`: a template's variable (`port=8080`) or a new entry's field (`health_endpoints.port=8080`). */
  sets?: Readonly<Record<string, string>>;
  /** Templates to use instead of the configuration's `fix_templates` (vm add passes its own). */
  templates?: FixTemplates;
  /** Only the findings this accepts (vm add: those about its VM). */
  only?: (f: Finding) => boolean;
  /** The run's clock (time conditions); default: now. */
  clock?: Clock;
  /** Apply the baseline (default): a baselined finding is not repaired. */
  baseline?: boolean;
  /** Files' contents to use instead of the disk's (vm add: the lifecycle file with its new record, not yet written). */
  overlay?: ReadonlyMap<string, Buffer>;
  /** A caller's say on a finding's repair (vm retire: remove what the VM alone held); default: the rule kind's. */
  repairFor?: (finding: Finding, derived: Repair) => Repair;
  /** What the process's earlier runs loaded and concluded (vm add runs the gates several times): see EditedSnapshot. */
  memo?: RunMemo;
}

export interface FixOutcome {
  prepared: Prepared;
  /** The gates' run the repairs were derived from (its findings carry Finding.repair). */
  result: RunResult;
  /** The open findings considered (after --gate, --staged and `only`), each as the run reported it. */
  findings: Finding[];
  /** Verified edits per file, and the findings without one (needs, none, refused). */
  plan: Plan;
  /** Files written (with `write`). */
  written: string[];
  /** Files not written though verified (changed meanwhile, a link), each with why. */
  refused: Array<{ file: string; why: string }>;
}

/**
 * `spine-hooks fix` without the printing: runs the gates, asks each finding's rule kind for its repair,
 * turns repairs into edits of each file (planFixes), verifies them by running the gates on the edited
 * snapshot in memory (verifyPlan) and, with `write`, writes the files that pass (applyFilePlans).
 */
export async function fixRepository(opts: FixOptions): Promise<FixOutcome> {
  const prepared = prepare({ cwd: opts.cwd, config: opts.config, gates: opts.gates });
  const templates = opts.templates ?? configTemplates(prepared.loaded);
  // The fix command's --set is checked against what can use it; vm add passes its own templates and record fields.
  if (!opts.templates && opts.sets) checkSets(prepared.loaded, templates, opts.sets);
  // No cache on disk: a verdict kept from another state of the files could name a record where it no longer is.
  // Within the process, files named by content share their records (and a gate's verdict its files').
  const disk = new FsSnapshot(prepared.cwd, { parseCache: false });
  const memo = opts.memo ?? new RunMemo();
  const snapshot = new EditedSnapshot(disk, opts.overlay ?? new Map());
  const baseline = opts.baseline === false ? undefined : await loadBaseline(snapshot, prepared.loaded.policy, prepared.schemas);
  const clock = opts.clock ?? fixedClock(Date.now());
  const policy = { baseline: baseline?.entries, fullRun: true };
  const result = await runPrepared(prepared, { snapshot, clock, policy, repairs: true, memo });
  const all = result.gates.flatMap((g) => g.findings);
  const staged = opts.staged ? await stagedPrints(prepared, opts.cwd, { clock, policy }) : undefined;
  const findings = all.filter(
    (f) => !f.suppressed && (!staged || (f.fingerprint !== undefined && staged.has(f.fingerprint))) && (!opts.only || opts.only(f)),
  );
  const { files, dirs, listAll } = selectedInputs(prepared);
  const ws = await Workspace.load(snapshot, files, dirs, listAll, memo);
  const ctx: FixContext = {
    store: new CollectionStore(ws, prepared.loaded.registry, memo),
    templates,
    sets: opts.sets ?? {},
    forbidden: forbiddenBy(prepared.loaded),
  };
  const planned = planFixes({ prepared, findings, ctx, root: prepared.cwd, overlay: opts.overlay, repairFor: opts.repairFor });
  const plan = await verifyPlan(prepared, planned, all, snapshot, { clock, policy, memo });
  const out: FixOutcome = { prepared, result, findings, plan, written: [], refused: [] };
  if (opts.write && plan.files.length) Object.assign(out, applyFilePlans(prepared.cwd, plan.files));
  return out;
}

/**
 * The fingerprints of the findings the staged change brings: open in the index, not there at HEAD (every
 * finding of the index before the first commit).
 */
async function stagedPrints(prepared: Prepared, cwd: string, opts: Pick<RunOptions, 'clock' | 'policy'>): Promise<Set<string>> {
  const git = await Git.open(cwd);
  if (!git) throw new ConfigError(FIX_MSG.stagedNotGit(cwd));
  try {
    const at = git.at(cwd);
    const prints = async (snapshot: GitSnapshot) =>
      (await runPrepared(prepared, { ...opts, snapshot })).gates.flatMap((g) =>
        g.findings.filter((f) => !f.suppressed).map((f) => f.fingerprint),
      );
    const index = await prints(new GitSnapshot(at, { kind: 'index' }, { parseCache: false }));
    const head = git.head
      ? new Set(await prints(new GitSnapshot(at, { kind: 'commit', sha: git.head }, { parseCache: false })))
      : new Set();
    return new Set(index.filter((p): p is string => p !== undefined && !head.has(p)));
  } finally {
    git.close();
  }
}
