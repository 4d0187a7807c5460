import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../types';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { openRepo, configFromSnapshot } from '../../hooks/openRepo';
import { GitSnapshot } from '../../git/GitSnapshot';
import { prepare } from '../../run';
import { readLogChange } from '../../hooks/readLogChange';
import { formatTrailer, BYPASS_TRAILER } from '../../policy/trailers';
import { gitIdentity } from '../../hooks/gitIdentity';
import { detectAmend } from '../../git/detectAmend';
import { commitInProgress } from '../../git/commitInProgress';
import { addTrailers, isEmptyMessage } from '../../git/commitMessage';
import { ConfigError } from '../../registry/ConfigError';
import { clearPending } from '../../hooks/recordOverride';
import { HOOK_MSG } from '../../hooks/hookMessages';

/**
 * `hook commit-msg <file>`: the override records this commit adds to the log (in none of its
 * parents' logs: see policy/logChanges.ts) become trailers of its message (`Spine-Override: D69 —
 * reason [id …]`), and a SPINE_HOOKS=0 bypass becomes a `Spine-Hooks-Bypass:` trailer. Stateless: it
 * compares the log in the index with the logs of the commit's parents, as `ci` does afterwards.
 */
export async function runCommitMsg(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const msgArg = args.positionals[1];
  if (!msgArg) throw new ConfigError('usage: spine-hooks hook commit-msg <message-file> (git passes it)');
  const git = await openRepo(cwd);
  try {
    // git runs hooks from the top level and passes a path relative to it.
    const msgFile = path.resolve(git.toplevel, msgArg);
    const trailers: string[] = [];
    const index = new GitSnapshot(git, { kind: 'index' });
    const config = await configFromSnapshot(index, args.config);
    const { loaded, schemas } = prepare({ cwd, config: args.config, configText: config.text });
    const log = loaded.policy.overrideLog;
    const { parents } = await commitInProgress(git, { amend: detectAmend(io.env) });
    const change = await readLogChange(git, index, parents, log, schemas);
    for (const r of change.added) trailers.push(formatTrailer(r));
    if (io.env.SPINE_HOOKS === '0') {
      const who = await gitIdentity(git);
      trailers.push(
        `${BYPASS_TRAILER}: SPINE_HOOKS=0 by ${who.name} <${who.email}> at ${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
      );
    }
    // An empty message (comments and a `commit -v` diff aside) is how someone aborts a commit: nothing
    // is added to it. A commit that adds override records needs their trailers, so it is refused here
    // (`--allow-empty-message` would otherwise commit it without them, and ci would refuse it); git
    // aborts, the records stay staged for the retry.
    const empty = trailers.length > 0 && (await isEmptyMessage(git, fs.readFileSync(msgFile, 'utf8')));
    if (trailers.length && !empty) await addTrailers(git, msgFile, trailers);
    await clearPending(git);
    if (empty && change.added.length) {
      io.err(HOOK_MSG.emptyOverrideMessage(change.added.map((r) => r.id)) + '\n');
      return ExitCode.GateFailure;
    }
    return ExitCode.Pass;
  } finally {
    git.close();
  }
}
