import { performance } from 'node:perf_hooks';
import { ExitCode, type RunResult } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { checkStaged, type StagedOutcome } from '../../hooks/checkStaged';
import { openRepo } from '../../hooks/openRepo';
import { formatText } from '../../report/formatText';
import { formatJson } from '../../report/formatJson';
import { fixHints } from '../../report/fixHints';
import { HOOK_MSG } from '../../hooks/hookMessages';
import { safeText } from '../../report/safeText';
import { version } from '../../version';
import { detectAmend } from '../../git/detectAmend';
import { readOverrideRequest, makeRecord } from '../../policy/overrideRequest';
import { applyPolicy } from '../../policy/applyPolicy';
import { scopeMatches } from '../../policy/scopeMatches';
import type { OverrideRecord } from '../../policy/model';
import { emitReports } from '../../report/emitReports';
import { writeGatedList } from '../../hooks/gatedPaths';
import { maxWarningsExit } from '../../report/maxWarnings';
import type { ReportInput } from '../../report/formats/reportInput';

/** `--staged` and `hook pre-commit`: the gates the staged change affects, read from the index. */
export async function runStaged(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  if (io.env.SPINE_HOOKS === '0') {
    // The kill switch is honoured, and said out loud: commit-msg records it in a trailer and CI checks the commit.
    io.err(HOOK_MSG.killSwitch + '\n');
    return ExitCode.Pass;
  }
  if (io.env.SKIP?.trim()) io.err(HOOK_MSG.skipIgnored(io.env.SKIP.trim()) + '\n');
  // Only an installed hook can be running under `git commit --amend`.
  const amend = args.command === 'hook' && detectAmend(io.env);
  const outcome = await checkStaged({
    cwd,
    config: args.config,
    failOn: args.failOn,
    now: () => performance.now(),
    clock: clockOf(args),
    amend,
    baseline: args.baseline,
  });
  // What lets the next hook decide a gate-free commit without node (hooks/gate-free.sh).
  if (args.command === 'hook') {
    const list = outcome.gatedList();
    writeGatedList(list.file, list.text);
  }
  const request = readOverrideRequest(
    io.env,
    outcome.gateIds,
    outcome.prepared.loaded.policy,
    new Date(clockOf(args).now()).toISOString().slice(0, 10),
  );
  if (outcome.logProblems.length) {
    for (const p of outcome.logProblems) io.out(safeText(`${p.file}${p.line ? `:${p.line}` : ''} error ${p.message}`) + '\n');
    io.out(HOOK_MSG.logTampered + '\n');
    return ExitCode.GateFailure;
  }
  if (args.explain) {
    for (const s of outcome.selected) io.out(safeText(`${s.gate.def.id} ${s.gate.def.name} ← ${s.reasons.join(', ')}`) + '\n');
  }
  const staleIds = (ids: string[]) => {
    io.out(HOOK_MSG.staleRecords(ids, outcome.prepared.loaded.policy.overrideLog) + '\n');
    return ExitCode.GateFailure;
  };
  if (!outcome.result) {
    if (outcome.stagedRecords.length) return staleIds(outcome.stagedRecords.map((r) => r.id));
    if (request) io.err(HOOK_MSG.overrideUnused(request.scope) + '\n');
    const empty: RunResult = { exitCode: ExitCode.Pass, gates: [], lanes: [] };
    emitReports(
      args.outputs,
      {
        text: () => (args.quiet ? '' : HOOK_MSG.nothingToCheck(outcome.changed.length)),
        json: () => JSON.stringify({ tool: 'spine-hooks', exitCode: 0, gates: [], lanes: [] }),
      },
      () => reportInput(outcome, empty),
      io,
    );
    return ExitCode.Pass;
  }
  let result = outcome.result;
  if (outcome.stagedRecords.length) {
    // Records an earlier attempt of this commit staged (it was then aborted): they apply as in CI,
    // and one that covers nothing here is stale and must not ride along with this commit.
    result = applyPolicy(result, {
      baseline: outcome.baseline,
      overrides: outcome.stagedRecords,
      carried: outcome.carriedRecords,
      failOn: args.failOn,
    });
    const unused = result.policy?.unusedOverrides ?? [];
    if (unused.length) return staleIds(unused);
  }
  if (request && result.exitCode !== ExitCode.Pass) result = await applyOverride(result, outcome, request, io);
  else if (request) io.err((outcome.stagedRecords.length ? HOOK_MSG.overrideAlreadyStaged : HOOK_MSG.overrideUnused(request.scope)) + '\n');
  if (args.command === 'hook' && outcome.stagedRecords.length && result.exitCode === ExitCode.Pass) {
    // The commit adds records it did not record now (kept by an amend, left by an aborted attempt,
    // brought by a squash merge): commit-msg must write their trailers, as CI will look for them.
    await markPendingAt(outcome.prepared.cwd);
  }
  const final = result;
  emitReports(
    args.outputs,
    {
      text: () =>
        formatText(final, {
          color: args.color,
          quiet: true,
          hints: fixHints(outcome.registry),
          footer: HOOK_MSG.blocked(
            final.gates.filter((g) => g.status === 'fail').map((g) => g.id),
            outcome.prepared.loaded.policy.baselineFile,
          ),
        }),
      json: () => formatJson(final, { version: version(), snapshot: 'index' }),
    },
    () => reportInput(outcome, final),
    io,
  );
  return maxWarningsExit(
    result.exitCode,
    result.gates.flatMap((g) => g.findings),
    args.maxWarnings,
    io,
  ) as ExitCode;
}

function reportInput(outcome: StagedOutcome, result: RunResult): ReportInput {
  return {
    mode: 'staged',
    runs: [{ result }],
    registry: outcome.registry,
    version: version(),
    root: outcome.prepared.cwd,
    prefix: outcome.prefix,
    exitCode: result.exitCode,
  };
}

/** Applies SPINE_OVERRIDE to the open findings it names and, if it covers any, records it in the log. */
async function applyOverride(
  result: RunResult,
  outcome: StagedOutcome,
  request: NonNullable<ReturnType<typeof readOverrideRequest>>,
  io: Io,
): Promise<RunResult> {
  const covered = result.gates.flatMap((g) => g.findings).filter((f) => !f.suppressed && request.scope.some((s) => scopeMatches(s, f)));
  if (covered.length === 0) {
    io.err(HOOK_MSG.overrideUnused(request.scope) + '\n');
    return result;
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { gitIdentity } = require('../../hooks/gitIdentity') as typeof import('../../hooks/gitIdentity');
  const { recordOverride } = require('../../hooks/recordOverride') as typeof import('../../hooks/recordOverride');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const git = await openRepo(outcome.prepared.cwd);
  try {
    const who = await gitIdentity(git);
    const record: OverrideRecord = makeRecord(request, {
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      author: { name: who.name, email: who.email },
      branch: who.branch,
      fingerprints: covered.map((f) => f.fingerprint!).filter(Boolean),
      tool: `spine-hooks@${version()}`,
    });
    const applied = applyPolicy(result, {
      baseline: outcome.baseline,
      overrides: [...outcome.stagedRecords, record],
      carried: outcome.carriedRecords,
    });
    if (applied.exitCode === ExitCode.Pass) {
      await recordOverride(git, outcome.prepared.loaded.policy.overrideLog, record, io.env);
      io.err(HOOK_MSG.overrideRecorded(record.id, outcome.prepared.loaded.policy.overrideLog) + '\n');
    }
    return { ...applied, lanes: result.lanes };
  } finally {
    git.close();
  }
}

/** Tells commit-msg it has trailers to write (see hooks/recordOverride.ts). */
async function markPendingAt(cwd: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { markPending } = require('../../hooks/recordOverride') as typeof import('../../hooks/recordOverride');
  const git = await openRepo(cwd);
  try {
    await markPending(git);
  } finally {
    git.close();
  }
}
