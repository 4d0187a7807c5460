import type { ExitCode } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import { monotonicMs, type Io } from '../io';
import { prepare, runPrepared } from '../../run';
import { formatText } from '../../report/formatText';
import { formatJson } from '../../report/formatJson';
import { fixHints } from '../../report/fixHints';
import { version } from '../../version';
import { BASE_MSG, CLI_MSG } from '../../messages';
import { requireSomethingChecked } from '../requireSomethingChecked';
import { loadBaseline } from '../../policy/loadPolicy';
import { FsSnapshot } from '../../workspace/FsSnapshot';
import { writeReceipt } from '../../report/writeReceipt';
import { emitReports } from '../../report/emitReports';
import { limitedExit, sayWarningLimit, warningLimit } from '../../report/maxWarnings';
import type { BaseSource } from '../../engine/gateBase';

/** `--all`, `--gate`, `--lane`: the gates over the working tree under --cwd (git not needed). */
export async function runAll(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const prepared = prepare({ cwd, config: args.config, gates: args.gates, lanes: args.lanes });
  const baseline = args.baseline ? await loadBaseline(new FsSnapshot(cwd), prepared.loaded.policy, prepared.schemas) : undefined;
  const progress = gateProgress(io);
  // History rules compare the working tree with HEAD: git is asked only when a selected gate has one.
  let base: { source: BaseSource; close: () => void } | undefined;
  const result = await runPrepared(prepared, {
    failOn: args.failOn,
    now: monotonicMs,
    clock: clockOf(args),
    policy: { baseline: baseline?.entries, fullRun: true },
    onGateDone: progress?.gateDone,
    base: async () => {
      // git's modules load only here: an --all run without a history rule starts and loads nothing of git.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
      const { headBase } = require('../../hooks/historyBase') as typeof import('../../hooks/historyBase');
      return (base ??= await headBase(cwd)).source;
    },
  }).finally(() => base?.close());
  progress?.end();
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
  const compared = base && 'label' in base.source ? ` · ${BASE_MSG.comparedWith(base.source.label)}` : '';
  const title = `spine-hooks ${version()} · working tree of ${cwd} · ${result.gates.length} gate${result.gates.length === 1 ? '' : 's'}${compared}`;
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

/**
 * `3 of 11 gates done` on stderr, drawn over itself, once the run has taken a second (a quick run
 * draws nothing), and wiped before the report: only on a terminal, never in a pipe, a log or CI.
 */
function gateProgress(io: Io): { gateDone: (done: number, total: number) => void; end: () => void } | undefined {
  if (!io.errIsTTY || io.env.TERM === 'dumb' || io.env.CI !== undefined) return undefined;
  const now = io.now ?? monotonicMs;
  const start = now();
  let drawn = false;
  return {
    gateDone: (done, total) => {
      if (done >= total || now() - start < 1000) return;
      io.err(`\r\x1b[2K${CLI_MSG.gateProgress(done, total)}`);
      drawn = true;
    },
    end: () => {
      if (drawn) io.err('\r\x1b[2K');
    },
  };
}
