import * as path from 'node:path';
import { ExitCode } from '../types';
import { parseCliArgs } from './parseCliArgs';
import { HELP, commandHelp } from './helpText';
import { ConfigError } from '../registry/ConfigError';
import { version } from '../version';
import type { Io } from './io';

export type { Io } from './io';

/** The command line. Returns the exit code; only the bin sets process.exitCode. */
export async function main(io: Io): Promise<ExitCode> {
  try {
    return await dispatch(io);
  } catch (err) {
    if (err instanceof ConfigError) {
      const where = err.location ? `${err.location}: ` : '';
      io.err(`spine-hooks: ${where}${err.message}\n`);
      return ExitCode.UsageOrConfig;
    }
    // Anything else is our bug or an environment failure: one clear line, exit 2, details on demand.
    const e = err as Error;
    io.err(
      `spine-hooks: internal error: ${firstLine(e.message)}${io.env.SPINE_HOOKS_DEBUG ? `\n${e.stack}` : ' (set SPINE_HOOKS_DEBUG=1 for details)'}\n`,
    );
    return ExitCode.UsageOrConfig;
  }
}

async function dispatch(io: Io): Promise<ExitCode> {
  const args = parseCliArgs(io.argv, io.env, io.isTTY);
  const gitMode =
    args.staged || args.command === 'hook' || args.command === 'ci' || args.command === 'init' || args.command === 'verified-base';
  // In git modes without --cwd, find the SSOT root above a subdirectory we may have been started in.
  const cwd = args.cwd
    ? path.resolve(io.cwd, args.cwd)
    : gitMode
      ? await load<typeof import('../hooks/openRepo')>('../hooks/openRepo').findRoot(io.cwd)
      : io.cwd;
  if (args.cwd) {
    let st: import('node:fs').Stats | undefined;
    try {
      st = require('node:fs').statSync(cwd);
    } catch {
      st = undefined;
    }
    if (!st?.isDirectory()) throw new ConfigError(`--cwd ${args.cwd}: ${st ? 'not a directory' : 'no such directory'}`);
  }
  // Each command loads only its own modules: a hook run pays for nothing else.
  const cmd = <T>(m: string) => load<T>(`./commands/${m}`);
  switch (args.command) {
    case 'help':
      io.out(args.helpFor ? commandHelp(args.helpFor) : HELP);
      return ExitCode.Pass;
    case 'schemas':
      return cmd<typeof import('./commands/runSchemas')>('runSchemas').runSchemas(args, io, cwd);
    case 'version':
      io.out(`${version()}\n`);
      return ExitCode.Pass;
    case 'list':
    case 'explain':
    case 'audit':
      return cmd<typeof import('./commands/runInfo')>('runInfo').runInfo(args, io, cwd);
    case 'baseline':
      return cmd<typeof import('./commands/runBaseline')>('runBaseline').runBaseline(args, io, cwd);
    case 'overrides':
      return cmd<typeof import('./commands/runOverrides')>('runOverrides').runOverrides(args, io, cwd);
    case 'verified-base':
      return cmd<typeof import('./commands/runVerifiedBase')>('runVerifiedBase').runVerifiedBase(args, io, cwd);
    case 'init':
      return cmd<typeof import('./commands/runInit')>('runInit').runInit(args, io, cwd);
    case 'ci':
      return cmd<typeof import('./commands/runRange')>('runRange').runCi(args, io, cwd);
    case 'hook': {
      const hook = args.positionals[0];
      if (hook === 'pre-commit' || hook === 'pre-merge-commit')
        return cmd<typeof import('./commands/runStaged')>('runStaged').runStaged(args, io, cwd);
      if (hook === 'pre-push') return cmd<typeof import('./commands/runRange')>('runRange').runPrePush(args, io, cwd);
      if (hook === 'commit-msg') return cmd<typeof import('./commands/runCommitMsg')>('runCommitMsg').runCommitMsg(args, io, cwd);
      throw new ConfigError(`unknown hook "${hook ?? ''}"; spine-hooks handles pre-commit, pre-merge-commit, commit-msg and pre-push`);
    }
    case 'run':
      return args.staged
        ? cmd<typeof import('./commands/runStaged')>('runStaged').runStaged(args, io, cwd)
        : cmd<typeof import('./commands/runAll')>('runAll').runAll(args, io, cwd);
  }
}

function firstLine(message: string): string {
  return (
    message
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? 'unknown error'
  );
}

function load<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(id) as T;
}
