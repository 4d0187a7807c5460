import * as path from 'node:path';
import { ExitCode } from '../types';
import { parseCliArgs } from './parseCliArgs';
import { HELP } from './helpText';
import { ConfigError } from '../registry/ConfigError';
import { GitStateError } from '../git/GitSnapshot';
import { version } from '../version';
import type { Io } from './io';
import { runAll } from './commands/runAll';
import { runStaged } from './commands/runStaged';
import { runCi, runPrePush } from './commands/runRange';
import { runInit } from './commands/runInit';
import { runInfo } from './commands/runInfo';
import { findRoot } from '../hooks/openRepo';

export type { Io } from './io';

/** The command line. Returns the exit code; only the bin sets process.exitCode. */
export async function main(io: Io): Promise<ExitCode> {
  try {
    return await dispatch(io);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof GitStateError) {
      const where = err instanceof ConfigError && err.location ? `${err.location}: ` : '';
      io.err(`spine-hooks: ${where}${err.message}\n`);
      return ExitCode.UsageOrConfig;
    }
    // Anything else is our bug or an environment failure: one clear line, exit 2, details on demand.
    const e = err as Error;
    io.err(`spine-hooks: internal error: ${firstLine(e.message)}${io.env.SPINE_HOOKS_DEBUG ? `\n${e.stack}` : ' (set SPINE_HOOKS_DEBUG=1 for details)'}\n`);
    return ExitCode.UsageOrConfig;
  }
}

async function dispatch(io: Io): Promise<ExitCode> {
  const args = parseCliArgs(io.argv, io.env, io.isTTY);
  const gitMode = args.staged || args.command === 'hook' || args.command === 'ci' || args.command === 'init';
  // In git modes without --cwd, find the SSOT root above a subdirectory we may have been started in.
  const cwd = args.cwd ? path.resolve(io.cwd, args.cwd) : gitMode ? await findRoot(io.cwd) : io.cwd;
  switch (args.command) {
    case 'help':
      io.out(HELP);
      return ExitCode.Pass;
    case 'version':
      io.out(`${version()}\n`);
      return ExitCode.Pass;
    case 'list':
    case 'explain':
    case 'audit':
      return runInfo(args, io, cwd);
    case 'init':
      return runInit(args, io, cwd);
    case 'ci':
      return runCi(args, io, cwd);
    case 'hook': {
      const hook = args.positionals[0];
      if (hook === 'pre-commit' || hook === 'pre-merge-commit') return runStaged(args, io, cwd);
      if (hook === 'pre-push') return runPrePush(args, io, cwd);
      throw new ConfigError(`unknown hook "${hook ?? ''}"; spine-hooks handles pre-commit, pre-merge-commit and pre-push`);
    }
    case 'run':
      return args.staged ? runStaged(args, io, cwd) : runAll(args, io, cwd);
  }
}

function firstLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
}
