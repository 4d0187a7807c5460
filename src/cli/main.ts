import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../types';
import { parseCliArgs } from './parseCliArgs';
import { COMMANDS } from './commands';
import { ConfigError } from '../registry/ConfigError';
import { CLI_MSG, USAGE_MSG } from '../messages';
import type { Io } from './io';

export type { Io } from './io';

/** The command line. Returns the exit code; only the bin sets process.exitCode. */
export async function main(io: Io): Promise<ExitCode> {
  try {
    return await dispatch(io);
  } catch (err) {
    if (err instanceof ConfigError) {
      const where = err.location ? `${err.location}: ` : '';
      io.err(CLI_MSG.configError(where, err.message));
      return ExitCode.UsageOrConfig;
    }
    // Anything else is our bug or an environment failure: one clear line, exit 2, details on demand.
    const e = err as Error;
    io.err(CLI_MSG.internalError(firstLine(e.message), io.env.SPINE_HOOKS_DEBUG ? String(e.stack) : undefined));
    return ExitCode.UsageOrConfig;
  }
}

async function dispatch(io: Io): Promise<ExitCode> {
  const args = parseCliArgs(io.argv, io.env, io.isTTY);
  // In git modes without --cwd, find the SSOT root above a subdirectory we may have been started in.
  const gitMode = args.staged || COMMANDS[args.command].git === true;
  const cwd = args.cwd ? path.resolve(io.cwd, args.cwd) : gitMode ? await openRepo().findRoot(io.cwd) : io.cwd;
  if (args.cwd) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(cwd);
    } catch {
      st = undefined;
    }
    if (!st?.isDirectory()) throw new ConfigError(USAGE_MSG.cwdInvalid(args.cwd, st !== undefined));
  }
  return COMMANDS[args.command].run(args, io, cwd);
}

function firstLine(message: string): string {
  return (
    message
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? 'unknown error'
  );
}

function openRepo(): typeof import('../hooks/openRepo') {
  // A literal path, so the bundle holds the module (scripts/build-bundle.js).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- git modes load the repository finder only when they need it
  return require('../hooks/openRepo') as typeof import('../hooks/openRepo');
}
