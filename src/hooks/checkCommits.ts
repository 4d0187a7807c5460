import type { GateResult, RunResult, Severity } from '../types';
import { fixedClock, type Clock } from '../records/time';
import { prepare, runPrepared, type Prepared } from '../run';
import { selectGates } from '../impact/selectGates';
import { GitSnapshot } from '../git/GitSnapshot';
import type { CommitChanges, Git } from '../git/Git';
import { configFromSnapshot, rootPaths } from './openRepo';
import { loadBaseline } from '../policy/loadPolicy';
import type { LogChange } from '../policy/logChanges';
import { readLogChange } from './readLogChange';
import { verifiedBasesChange } from '../policy/verifiedBases';
import { messageTrailers } from '../git/commitMessage';
import { trailerIds, bypassTrailers, mentionsTrailers } from '../policy/trailers';
import type { LogProblem } from '../policy/readPolicyFiles';
import { addedRecordProblems } from '../policy/checkAddedRecord';
import { governanceAt } from '../governance/governanceAt';
import { watchedPaths, withLinkedChanges } from './linkedChanges';
import { parentBase } from './historyBase';
import { RunMemo } from '../engine/RunMemo';
import { LOG_MSG } from '../messages';

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
  /** Override log damage and log/trailer mismatches, per commit. */
  integrity: Array<LogProblem & { sha: string }>;
  /** Commits made with SPINE_HOOKS=0 (their trailer). */
  bypasses: Array<{ sha: string; trailer: string }>;
  exitCode: 0 | 1;
  /** Fix hints of the registry the range was checked with (the newest commit's configuration). */
  hints: Record<string, string>;
  /** That registry (gate metadata for the machine reports), when some commit was looked at. */
  registry?: import('../registry/registryTypes').Registry;
}

/** How a range is checked. */
export interface RangeOptions {
  cwd: string;
  config?: string;
  failOn?: Severity;
  now?: () => number;
  baseline?: boolean;
  /** `commit`: each commit is judged as of its own time. */
  clock?: Clock | 'commit';
  /** Told before each commit is looked at (n from 1), and once more with n = total + 1 when done. */
  progress?: (n: number, total: number, sha: string) => void;
  /** The most a gate module may run (pre-push: the hook cap, sandbox/moduleJob.ts). */
  moduleCapMs?: number;
}

/** What a range's commits share while they are checked one by one. */
interface RangeWork {
  git: Git;
  opts: RangeOptions;
  out: RangeOutcome;
  /** The registry prepared per configuration text. */
  prepared: Map<string | null, Prepared>;
  failedGates: Set<string>;
  // Files parsed once per blob, collections and indexes once per version of their file, gate results
  // once per set of inputs: a range costs the estate once plus what each commit changes.
  memo: RunMemo;
}

/**
 * Pre-push and CI: every commit of a range that touches a file any gate reads is checked on its own
 * tree, with the configuration and baseline that commit carries and the override records it adds,
 * so `git commit --no-verify` (or SPINE_HOOKS=0) cannot land drift. Commits that touch the override
 * log are checked for the log's integrity: append-only, every record with its trailer and vice versa.
 */
export async function checkCommits(git: Git, ranges: string[][], opts: RangeOptions): Promise<RangeOutcome> {
  const seen = new Set<string>();
  const commits = (await Promise.all(ranges.map((r) => git.commitsInRange(r)))).flat().filter((c) => !seen.has(c.sha) && seen.add(c.sha));
  const out: RangeOutcome = {
    commits: commits.length,
    checked: [],
    firstFailures: [],
    integrity: [],
    bypasses: [],
    exitCode: 0,
    hints: {},
  };
  const work: RangeWork = { git, opts, out, prepared: new Map(), failedGates: new Set(), memo: new RunMemo() };
  for (const [i, commit] of commits.entries()) {
    opts.progress?.(i + 1, commits.length, commit.sha);
    await checkCommit(work, commit);
  }
  opts.progress?.(commits.length + 1, commits.length, '');
  const last = [...work.prepared.values()].pop();
  out.hints = last ? Object.fromEntries(last.loaded.registry.gates.map((g) => [g.id, g.fix_hint])) : {};
  out.registry = last?.loaded.registry;
  out.exitCode = out.firstFailures.length || out.integrity.length ? 1 : 0;
  return out;
}

/** One commit of the range: its log and bases checked for integrity, then its gates on its own tree. */
async function checkCommit(work: RangeWork, commit: CommitChanges): Promise<void> {
  const { git, opts, out } = work;
  let changed = rootPaths(git, commit.changes);
  if (changed.length === 0) return;
  const snapshot = new GitSnapshot(git, { kind: 'commit', sha: commit.sha });
  const config = await configFromSnapshot(snapshot, opts.config);
  let p = work.prepared.get(config.text);
  if (!p) {
    p = prepare({ cwd: opts.cwd, config: opts.config, configText: config.text });
    work.prepared.set(config.text, p);
  }
  // An edit behind a watched symbolic link is an edit of the link (hooks/linkedChanges.ts).
  changed = (await withLinkedChanges(changed, watchedPaths(p, config.path), snapshot)).changed;
  // A file whose change the hooks found to be of comments only is named by the version it edits (workspace/commentEdits.ts).
  snapshot.withEdits(changed);
  const logPath = p.loaded.policy.overrideLog;
  const message = await git.commitMessage(commit.sha);
  commit.subject = message.split('\n')[0];
  // git's own trailer-block rules: a body line that only looks like a trailer is not one.
  const trailerLines = mentionsTrailers(message) ? await messageTrailers(git, message) : [];
  for (const t of bypassTrailers(trailerLines)) out.bypasses.push({ sha: commit.sha, trailer: t });
  const { added, carried } = await overridesAdded(work, p, commit, snapshot, changed.includes(logPath), trailerIds(trailerLines));
  if (changed.includes(p.loaded.policy.verifiedBases)) await checkVerifiedBases(work, p, commit, snapshot);

  const selected = selectGates(p.selected, p.loaded.registry, changed, [config.path, p.loaded.policy.baselineFile]);
  const parent = commit.parents[0] ? new GitSnapshot(git, { kind: 'commit', sha: commit.parents[0] }) : undefined;
  const governance = await governanceAt({
    prepared: p,
    after: snapshot,
    before: parent,
    changed,
    configPath: config.path,
    config: opts.config,
  });
  const unusedRecord = (id: string) => out.integrity.push({ sha: commit.sha, file: logPath, line: 0, message: LOG_MSG.staleRecord(id) });
  if (selected.length === 0 && governance.results.length === 0) {
    added.forEach((r) => unusedRecord(r.id));
    return;
  }
  const baseline = opts.baseline === false ? undefined : await loadBaseline(snapshot, p.loaded.policy, p.schemas);
  const result = await runPrepared(
    { ...p, selected: selected.map((s) => s.gate) },
    {
      snapshot,
      onlyFiles: new Set(changed),
      failOn: opts.failOn,
      now: opts.now,
      clock: opts.clock === 'commit' ? fixedClock(commit.time * 1000) : opts.clock,
      policy: { baseline: baseline?.entries, overrides: added, carried },
      extra: governance.results,
      memo: work.memo,
      moduleCapMs: opts.moduleCapMs,
      base: parentBase(git, commit.parents, commit.sha),
      before: parent,
    },
  );
  out.checked.push({ sha: commit.sha, subject: commit.subject, result });
  for (const id of result.policy?.unusedOverrides ?? []) unusedRecord(id);
  for (const g of result.gates) {
    const failing = g.status === 'fail' || (opts.failOn === 'warn' && g.status === 'warn');
    if (failing && !work.failedGates.has(g.id)) {
      work.failedGates.add(g.id);
      out.firstFailures.push({ gate: g, sha: commit.sha, subject: commit.subject });
    }
  }
}

/**
 * The override records a commit adds (and, for a merge, carries in) that count, after checking the log's
 * integrity: each record with its trailer and each trailer with its record, each the commit's own override
 * (its author, a visible reason, not born expired).
 */
async function overridesAdded(
  work: RangeWork,
  p: Prepared,
  commit: CommitChanges,
  snapshot: GitSnapshot,
  logChanged: boolean,
  ids: string[],
): Promise<Pick<LogChange, 'added' | 'carried'>> {
  const { git, out } = work;
  const logPath = p.loaded.policy.overrideLog;
  if (!logChanged) {
    if (ids.length) out.integrity.push({ sha: commit.sha, file: logPath, line: 0, message: LOG_MSG.trailersWithoutRecords(ids) });
    return { added: [], carried: [] };
  }
  const change = await readLogChange(git, snapshot, commit.parents, logPath, p.schemas);
  const problems = [...change.problems];
  for (const r of change.added) if (!ids.includes(r.id)) problems.push({ file: logPath, line: r.line, message: LOG_MSG.noTrailer(r.id) });
  for (const id of ids)
    if (!change.added.some((r) => r.id === id)) problems.push({ file: logPath, line: 0, message: LOG_MSG.trailerWithoutRecord(id) });
  const who = change.added.length ? await git.commitIdentities(commit.sha) : [];
  const unfit = new Set<string>();
  for (const r of change.added) {
    const found = addedRecordProblems(r, p.loaded.policy, who, logPath);
    if (found.length) unfit.add(r.id);
    problems.push(...found);
  }
  out.integrity.push(...problems.map((x) => ({ ...x, sha: commit.sha })));
  const added = (problems.length ? change.added.filter((r) => ids.includes(r.id)) : change.added).filter((r) => !unfit.has(r.id));
  return { added, carried: change.carried };
}

/** The verified-bases file changed: only appended to, and only by spine-hooks. */
async function checkVerifiedBases(work: RangeWork, p: Prepared, commit: CommitChanges, snapshot: GitSnapshot): Promise<void> {
  const file = p.loaded.policy.verifiedBases;
  const parent = commit.parents[0] ? new GitSnapshot(work.git, { kind: 'commit', sha: commit.parents[0] }) : undefined;
  const [now, before] = await Promise.all([snapshot.load([file]), parent?.load([file])]);
  const problems = verifiedBasesChange(now.get(file)?.toString('utf8'), before?.get(file)?.toString('utf8'), file, p.schemas);
  work.out.integrity.push(...problems.map((x) => ({ ...x, sha: commit.sha })));
}
