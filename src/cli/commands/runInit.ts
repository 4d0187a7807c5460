import { ExitCode } from '../../types';
import type { CliArgs } from '../parseCliArgs';
import type { Io } from '../io';
import { openRepo } from '../../hooks/openRepo';
import { installHooksPath, installHusky } from '../../hooks/installHooks';
import { prepare } from '../../run';

/** `init [--no-husky]`: installs the hooks; running it again changes nothing. */
export async function runInit(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const git = await openRepo(cwd);
  try {
    // The override log's path comes from the configuration on disk (init runs outside any commit).
    const log = prepare({ cwd, config: args.config }).loaded.policy.overrideLog;
    const report = args.husky ? installHusky(git, cwd, log) : await installHooksPath(git, cwd, log, false);
    if (report.changed.length === 0) io.out('spine-hooks: hooks already installed, nothing changed\n');
    for (const c of report.changed) io.out(`spine-hooks: ${c}\n`);
    for (const n of report.notes) io.err(`spine-hooks: note: ${n}\n`);
    return ExitCode.Pass;
  } finally {
    git.close();
  }
}
