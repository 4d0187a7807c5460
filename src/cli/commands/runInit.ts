import { ExitCode } from '../../types';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { openRepo } from '../../hooks/openRepo';
import { installHooksPath, installHusky, type InstallReport } from '../../hooks/installHooks';
import { prepare, runPrepared, type Prepared } from '../../run';
import { loadBaseline } from '../../policy/loadPolicy';
import { FsSnapshot } from '../../workspace/FsSnapshot';
import { fixedClock } from '../../records/time';
import { ConfigError } from '../../registry/ConfigError';
import { writeCiWorkflow } from '../../init/writeCiWorkflow';
import { CI_MSG, CLI_MSG, RUN_MSG } from '../../messages';

/**
 * `init [--no-husky]`: installs the hooks. `init --ci github|gitlab|gitea`: writes the CI workflow
 * only (the hooks are a separate `init`). Running either again changes nothing.
 */
export async function runInit(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  if (args.ci && !args.husky) throw new ConfigError(CI_MSG.noHuskyWithCi);
  const git = await openRepo(cwd, RUN_MSG.initNeedsGit);
  try {
    if (args.ci) return print(writeCiWorkflow(git, cwd, args.ci), CI_MSG.unchanged, io);
    // The override log's path comes from the configuration on disk (init runs outside any commit).
    const prepared = prepare({ cwd, config: args.config });
    const log = prepared.loaded.policy.overrideLog;
    const report = args.husky ? await installHusky(git, cwd, log) : await installHooksPath(git, cwd, log, false);
    const code = print(report, CLI_MSG.hooksUnchanged(), io);
    await offerBaseline(prepared, cwd, io);
    return code;
  } finally {
    git.close();
  }
}

function print(report: InstallReport, unchanged: string, io: Io): ExitCode {
  if (report.changed.length === 0) io.out(`${unchanged}\n`);
  for (const c of report.changed) io.out(CLI_MSG.initChanged(c));
  for (const n of report.notes) io.err(CLI_MSG.initNote(n));
  return ExitCode.Pass;
}

/**
 * A repository adopting spine-hooks already has drift, and its first commit would be refused for it.
 * Say so at once, with the gates and the command that records today's findings as known gaps (the
 * baseline), instead of leaving it to the first refused commit.
 */
async function offerBaseline(prepared: Prepared, cwd: string, io: Io): Promise<void> {
  const baseline = await loadBaseline(new FsSnapshot(cwd), prepared.loaded.policy, prepared.schemas);
  const result = await runPrepared(prepared, { clock: fixedClock(Date.now()), policy: { baseline: baseline.entries, fullRun: true } });
  const failing = result.gates.filter((g) => g.status === 'fail');
  if (failing.length === 0) return;
  const open = failing.reduce((n, g) => n + g.findings.filter((f) => !f.suppressed && f.severity === 'error').length, 0);
  io.err(
    CLI_MSG.adoptBaseline(
      failing.map((g) => g.id),
      open,
      prepared.loaded.policy.baselineFile,
    ),
  );
}
