import { performance } from 'node:perf_hooks';
import { ExitCode } from '../../types';
import type { CliArgs } from '../parseCliArgs';
import type { Io } from '../io';
import { checkStaged } from '../../hooks/checkStaged';
import { formatText } from '../../report/formatText';
import { formatJson } from '../../report/formatJson';
import { fixHints } from '../../report/fixHints';
import { HOOK_MSG } from '../../hooks/hookMessages';
import { version } from '../../version';
import { detectAmend } from '../../git/detectAmend';

/** `--staged` and `hook pre-commit`: the gates the staged change affects, read from the index. */
export async function runStaged(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  // Only an installed hook can be running under `git commit --amend`.
  const amend = args.command === 'hook' && detectAmend();
  const outcome = await checkStaged({ cwd, config: args.config, failOn: args.failOn, now: () => performance.now(), amend });
  if (args.explain) {
    for (const s of outcome.selected) io.out(`${s.gate.def.id} ${s.gate.def.name} ← ${s.reasons.join(', ')}\n`);
  }
  if (!outcome.result) {
    if (args.format === 'json') io.out(JSON.stringify({ tool: 'spine-hooks', exitCode: 0, gates: [], lanes: [] }) + '\n');
    else if (!args.quiet) io.out(HOOK_MSG.nothingToCheck(outcome.changed.length) + '\n');
    return ExitCode.Pass;
  }
  const { result } = outcome;
  if (args.format === 'json') {
    io.out(formatJson(result, { version: version(), snapshot: 'index' }) + '\n');
    return result.exitCode;
  }
  io.out(
    formatText(result, {
      color: args.color,
      quiet: true,
      hints: fixHints(outcome.registry),
      footer: HOOK_MSG.blocked(result.gates.filter((g) => g.status === 'fail').map((g) => g.id)),
    }) + '\n',
  );
  return result.exitCode;
}
