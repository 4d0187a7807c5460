import { ExitCode } from '../../types';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { prepare } from '../../run';
import { ConfigError } from '../../registry/ConfigError';
import { CLI_MSG, OVERRIDE_MSG } from '../../messages';
import { visibleLength } from '../../policy/visibleLength';
import { declareVerifiedBase } from '../../hooks/declareVerifiedBase';

/** `verified-base <commit> --reason "…"`: the reason checked, the record appended (hooks/declareVerifiedBase.ts), what to do next said. */
export async function runVerifiedBase(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const { loaded } = prepare({ cwd, config: args.config });
  const reason = (args.reason ?? '').trim();
  if (visibleLength(reason) < loaded.policy.minReasonLength) {
    throw new ConfigError(OVERRIDE_MSG.baseReasonTooShort(visibleLength(reason), loaded.policy.minReasonLength));
  }
  const record = await declareVerifiedBase({ cwd, rev: args.positionals[0], reason, file: loaded.policy.verifiedBases });
  io.out(CLI_MSG.verifiedBaseAppended(record.id, record.commit, loaded.policy.verifiedBases));
  return ExitCode.Pass;
}
