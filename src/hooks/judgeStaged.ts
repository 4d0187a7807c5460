import { ExitCode, type RunResult } from '../types';
import type { Git } from '../git/Git';
import type { LogProblem } from '../policy/readPolicyFiles';
import type { OverrideRecord } from '../policy/policyRecords';
import { settle } from '../run';
import { makeRecord, readOverrideRequest, type OverrideRequest } from '../policy/overrideRequest';
import { scopeMatches } from '../policy/scopeMatches';
import { version } from '../version';
import { checkStaged, type StagedOptions, type StagedOutcome } from './checkStaged';
import { writeGatedList } from './gatedPaths';
import { HOOK_MSG } from '../messages';
import { openRepo } from './openRepo';
import { gitIdentity } from './gitIdentity';
import { markPending, recordOverride } from './recordOverride';
import { baselineHint, type BaselineHint } from './baselineHint';

export interface StagedVerdict {
  /** What was checked: the change, the gates it selected, the configuration. */
  outcome: StagedOutcome;
  /** The commit is refused before any gate's verdict: its override log or verified bases were edited. */
  logProblems: LogProblem[];
  /** Override records the commit adds that cover none of its findings (stale: it is refused). */
  staleRecords: string[];
  /**
   * The run's final result: baseline, carried and staged records and a new override applied, lanes
   * counted after all of them. Undefined when no gate reads the change (or the commit is refused).
   */
  result?: RunResult;
  /** The override recorded for this commit (SPINE_OVERRIDE), when it made the commit pass. */
  recorded?: OverrideRecord;
  /** Sentences for standard error, in order. */
  notices: string[];
  /** A refused commit: whether, and why, it is told about the baseline (see baselineHint.ts). */
  baselineHint?: BaselineHint;
  exitCode: ExitCode;
}

export interface JudgeOptions extends StagedOptions {
  /** Run by an installed hook: the gated-path list and commit-msg's marker are written. */
  hook: boolean;
  /** Where SPINE_OVERRIDE* and GIT_INDEX_FILE are read. */
  env: NodeJS.ProcessEnv;
  /** The run's date (YYYY-MM-DD) for an override's expiry. */
  today: string;
}

/**
 * pre-commit's one pass: the staged commit is checked once (checkStaged), an override asked for is
 * decided, and what the commit needs is written — the gated-path list (hooks), an override record
 * (the one write to the index, Git.stage) and commit-msg's marker. The CLI prints the verdict.
 */
export async function judgeStaged(opts: JudgeOptions): Promise<StagedVerdict> {
  const git = await openRepo(opts.cwd);
  try {
    const outcome = await checkStaged(git, opts);
    // What lets the next hook decide a gate-free commit without node (hooks/gate-free.sh).
    if (opts.hook) {
      const list = outcome.gatedList();
      writeGatedList(list.file, list.text);
    }
    const settings = outcome.prepared.loaded.policy;
    const request = readOverrideRequest(opts.env, outcome.gateIds, settings, opts.today);
    const verdict: StagedVerdict = { outcome, logProblems: [], staleRecords: [], notices: [], exitCode: ExitCode.GateFailure };
    if (outcome.logProblems.length) return { ...verdict, logProblems: outcome.logProblems };
    const staged = outcome.stagedRecords;
    // Records an earlier attempt of this commit staged (it was then aborted), kept by an amend or
    // brought by a squash: they applied in the run as in CI, and one that covers nothing here is stale.
    const stale = outcome.result ? (outcome.result.policy?.unusedOverrides ?? []) : staged.map((r) => r.id);
    if (stale.length) return { ...verdict, staleRecords: stale };
    if (!outcome.result) {
      if (request) verdict.notices.push(HOOK_MSG.overrideUnused(request.scope));
      return { ...verdict, exitCode: ExitCode.Pass };
    }
    let result = outcome.result;
    if (request && result.exitCode !== ExitCode.Pass) {
      const decided = await decideOverride(git, outcome, result, request, opts);
      result = decided.result;
      verdict.recorded = decided.recorded;
      if (decided.notice) verdict.notices.push(decided.notice);
    } else if (request) verdict.notices.push(staged.length ? HOOK_MSG.overrideAlreadyStaged : HOOK_MSG.overrideUnused(request.scope));
    if (opts.hook && staged.length && result.exitCode === ExitCode.Pass) {
      // The commit adds records it did not record now (kept by an amend, left by an aborted attempt,
      // brought by a squash merge): commit-msg must write their trailers, as CI will look for them.
      // (A record made now was marked when it was written.)
      await markPending(git);
    }
    if (result.exitCode !== ExitCode.Pass) verdict.baselineHint = await baselineHint(git, outcome, result);
    return { ...verdict, result, exitCode: result.exitCode };
  } finally {
    git.close();
  }
}

/**
 * SPINE_OVERRIDE applied to the open findings it names. A record is made for the findings it covers
 * (its id binds their fingerprints, so it can only be made once they are known: run.ts's settle,
 * once more after the run's) and written when the commit then passes, `--fail-on` included.
 */
async function decideOverride(
  git: Git,
  outcome: StagedOutcome,
  result: RunResult,
  request: OverrideRequest,
  opts: JudgeOptions,
): Promise<{ result: RunResult; recorded?: OverrideRecord; notice?: string }> {
  const covered = result.gates.flatMap((g) => g.findings).filter((f) => !f.suppressed && request.scope.some((s) => scopeMatches(s, f)));
  if (covered.length === 0) return { result, notice: HOOK_MSG.overrideUnused(request.scope) };
  const who = await gitIdentity(git);
  const record: OverrideRecord = makeRecord(request, {
    // To the millisecond: the id hashes the record, and two overrides of the same findings by the same
    // author within one second (a commit and its fixup) must still be two records.
    timestamp: new Date().toISOString(),
    author: { name: who.name, email: who.email },
    branch: who.branch,
    fingerprints: covered.map((f) => f.fingerprint!).filter(Boolean),
    tool: `spine-hooks@${version()}`,
  });
  const final = settle(
    result,
    { baseline: outcome.baseline, overrides: [...outcome.stagedRecords, record], carried: outcome.carriedRecords, failOn: opts.failOn },
    outcome.registry.lanes,
  );
  // Not passing with it, the override is not recorded: the commit is refused, its findings shown as the override would leave them.
  if (final.exitCode !== ExitCode.Pass) return { result: final };
  const log = outcome.prepared.loaded.policy.overrideLog;
  await recordOverride(git, log, record, opts.env);
  return { result: final, recorded: record, notice: HOOK_MSG.overrideRecorded(record.id, log) };
}
