import { ExitCode, type RunResult } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import { monotonicMs, type Io } from '../io';
import type { StagedOutcome } from '../../hooks/checkStaged';
import { judgeStaged } from '../../hooks/judgeStaged';
import { formatText } from '../../report/formatText';
import { formatJson } from '../../report/formatJson';
import { fixHints } from '../../report/fixHints';
import { HOOK_MSG } from '../../messages';
import { safeText } from '../../report/safeText';
import { version } from '../../version';
import { detectAmend } from '../../git/detectAmend';
import { emitReports } from '../../report/emitReports';
import { limitedExit, sayWarningLimit, warningLimit } from '../../report/maxWarnings';
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
  const verdict = await judgeStaged({
    cwd,
    config: args.config,
    failOn: args.failOn,
    now: monotonicMs,
    clock: clockOf(args),
    amend,
    baseline: args.baseline,
    hook: args.command === 'hook',
    env: io.env,
    today: new Date(clockOf(args).now()).toISOString().slice(0, 10),
  });
  const { outcome } = verdict;
  if (verdict.logProblems.length) {
    for (const p of verdict.logProblems) io.out(safeText(`${p.file}${p.line ? `:${p.line}` : ''} error ${p.message}`) + '\n');
    io.out(HOOK_MSG.logTampered + '\n');
    return ExitCode.GateFailure;
  }
  if (args.explain) {
    for (const s of outcome.selected) io.out(safeText(`${s.gate.def.id} ${s.gate.def.name} ← ${s.reasons.join(', ')}`) + '\n');
  }
  if (verdict.staleRecords.length) {
    io.out(HOOK_MSG.staleRecords(verdict.staleRecords, outcome.prepared.loaded.policy.overrideLog) + '\n');
    return ExitCode.GateFailure;
  }
  for (const n of verdict.notices) io.err(n + '\n');
  const result = verdict.result;
  if (!result) {
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
  const over = warningLimit(
    result.gates.flatMap((g) => g.findings),
    args.maxWarnings,
  );
  const exitCode = limitedExit(result.exitCode, over);
  emitReports(
    args.outputs,
    {
      text: () =>
        formatText(result, {
          color: args.color,
          quiet: true,
          warningLimit: over,
          hints: fixHints(outcome.registry),
          footer: HOOK_MSG.blocked(
            result.gates.filter((g) => g.status === 'fail').map((g) => g.id),
            outcome.prepared.loaded.policy.baselineFile,
            verdict.baselineHint,
          ),
        }),
      json: () => formatJson({ ...result, exitCode }, { version: version(), snapshot: 'index' }),
    },
    () => reportInput(outcome, { ...result, exitCode }),
    io,
  );
  sayWarningLimit(over, io);
  return exitCode;
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
