import { ExitCode } from '../../types';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { ConfigError } from '../../registry/ConfigError';
import { addCommitTrailers } from '../../hooks/addCommitTrailers';
import { HOOK_MSG, USAGE_MSG } from '../../messages';

/** `hook commit-msg <file>`: the trailers the commit's override records and a bypass need (hooks/addCommitTrailers.ts). */
export async function runCommitMsg(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const messageFile = args.positionals[1];
  if (!messageFile) throw new ConfigError(USAGE_MSG.commitMsgUsage());
  const { untrailered, squashed } = await addCommitTrailers({ cwd, config: args.config, messageFile, env: io.env });
  if (squashed) io.err(HOOK_MSG.squashLosesTrailer(squashed.kind, squashed.ids) + '\n');
  if (untrailered.length === 0) return ExitCode.Pass;
  io.err(HOOK_MSG.emptyOverrideMessage(untrailered) + '\n');
  return ExitCode.GateFailure;
}
