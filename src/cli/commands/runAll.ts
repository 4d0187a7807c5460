import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gateInputs } from '../../engine/gateInputs';
import type { ExitCode } from '../../types';
import { clockOf, type CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare, runPrepared } from '../../run';
import { formatText } from '../../report/formatText';
import { formatJson } from '../../report/formatJson';
import { fixHints } from '../../report/fixHints';
import { version } from '../../version';
import { ConfigError } from '../../registry/ConfigError';
import { BASE_MSG, CLI_MSG, USAGE_MSG } from '../../messages';
import { loadBaseline } from '../../policy/loadPolicy';
import { FsSnapshot } from '../../workspace/FsSnapshot';
import { writeReceipt } from '../../report/writeReceipt';
import { emitReports } from '../../report/emitReports';
import { maxWarningsExit } from '../../report/maxWarnings';
import type { BaseSource } from '../../engine/gateBase';

/** `--all`, `--gate`, `--lane`: the gates over the working tree under --cwd (git not needed). */
export async function runAll(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const prepared = prepare({ cwd, config: args.config, gates: args.gates, lanes: args.lanes });
  const baseline = args.baseline ? await loadBaseline(new FsSnapshot(cwd), prepared.loaded.policy, prepared.schemas) : undefined;
  const anyInputExists = (id: string) => {
    const g = prepared.selected.find((x) => x.def.id === id);
    return Boolean(g && gateInputs(g.def, prepared.loaded.registry, g.module).files.some((f) => fs.existsSync(path.join(cwd, f))));
  };
  const progress = gateProgress(io);
  // History rules compare the working tree with HEAD: git is asked only when a selected gate has one.
  let base: { source: BaseSource; close: () => void } | undefined;
  const result = await runPrepared(prepared, {
    failOn: args.failOn,
    now: () => performance.now(),
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
  // Every gate skipped means the files were not where we looked: never a pass. (A gate that ran and
  // checked nothing, its filter selecting no record, is a warning of its own, not a usage error.)
  if (
    result.gates.length &&
    result.gates.every((g) => g.status === 'skip' || (g.findings.length === 0 && g.note && !anyInputExists(g.id)))
  ) {
    throw new ConfigError(USAGE_MSG.nothingChecked(cwd));
  }
  const compared = base && 'label' in base.source ? ` · ${BASE_MSG.comparedWith(base.source.label)}` : '';
  const title = `spine-hooks ${version()} · working tree of ${cwd} · ${result.gates.length} gate${result.gates.length === 1 ? '' : 's'}${compared}`;
  emitReports(
    args.outputs,
    {
      text: () => formatText(result, { color: args.color, quiet: args.quiet, title, hints: fixHints(prepared.loaded.registry) }),
      json: () => formatJson(result, { version: version(), snapshot: 'working tree' }),
    },
    () => ({
      mode: 'all',
      runs: [{ result }],
      registry: prepared.loaded.registry,
      version: version(),
      root: cwd,
      prefix: '',
      exitCode: result.exitCode,
    }),
    io,
  );
  return maxWarningsExit(
    result.exitCode,
    result.gates.flatMap((g) => g.findings),
    args.maxWarnings,
    io,
  );
}

/**
 * `3 of 11 gates done` on stderr, drawn over itself, once the run has taken a second (a quick run
 * draws nothing), and wiped before the report: only on a terminal, never in a pipe, a log or CI.
 */
function gateProgress(io: Io): { gateDone: (done: number, total: number) => void; end: () => void } | undefined {
  if (!io.errIsTTY || io.env.TERM === 'dumb' || io.env.CI !== undefined) return undefined;
  const now = io.now ?? (() => performance.now());
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
