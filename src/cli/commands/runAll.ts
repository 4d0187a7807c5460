import { performance } from 'node:perf_hooks';
import type { ExitCode } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare, runPrepared } from '../../run';
import { formatText } from '../../report/formatText';
import { formatJson } from '../../report/formatJson';
import { fixHints } from '../../report/fixHints';
import { version } from '../../version';
import { CLI_MSG } from '../../messages';
import { requireSomethingChecked } from '../requireSomethingChecked';
import { loadBaseline } from '../../policy/loadPolicy';
import { FsSnapshot } from '../../workspace/FsSnapshot';
import { writeReceipt } from '../../report/writeReceipt';
import { emitReports } from '../../report/emitReports';
import { limitedExit, sayWarningLimit, warningLimit } from '../../report/maxWarnings';

/** `--all`, `--gate`, `--lane`: the gates over the working tree under --cwd (git not needed). */
export async function runAll(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const prepared = prepare({ cwd, config: args.config, gates: args.gates, lanes: args.lanes });
  const baseline = args.baseline ? await loadBaseline(new FsSnapshot(cwd), prepared.loaded.policy, prepared.schemas) : undefined;
  const result = await runPrepared(prepared, {
    failOn: args.failOn,
    now: () => performance.now(),
    clock: clockOf(args),
    policy: { baseline: baseline?.entries, fullRun: true },
  });
  if (args.receipt) {
    const key = await writeReceipt(args.receipt, { cwd, mode: 'all', result, version: version() });
    io.err(CLI_MSG.receipt(key));
  }
  requireSomethingChecked(prepared, result);
  const over = warningLimit(
    result.gates.flatMap((g) => g.findings),
    args.maxWarnings,
  );
  const exitCode = limitedExit(result.exitCode, over);
  const title = `spine-hooks ${version()} · working tree of ${cwd} · ${result.gates.length} gate${result.gates.length === 1 ? '' : 's'}`;
  emitReports(
    args.outputs,
    {
      text: () =>
        formatText(result, { color: args.color, quiet: args.quiet, title, hints: fixHints(prepared.loaded.registry), warningLimit: over }),
      json: () => formatJson({ ...result, exitCode }, { version: version(), snapshot: 'working tree' }),
    },
    () => ({
      mode: 'all',
      runs: [{ result }],
      registry: prepared.loaded.registry,
      version: version(),
      root: cwd,
      prefix: '',
      exitCode,
    }),
    io,
  );
  sayWarningLimit(over, io);
  return exitCode;
}
