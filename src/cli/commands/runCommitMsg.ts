import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../types';
import type { CliArgs } from '../parseCliArgs';
import type { Io } from '../io';
import { openRepo } from '../../hooks/openRepo';
import { GitSnapshot } from '../../git/GitSnapshot';
import { prepare } from '../../run';
import { configFromSnapshot } from '../../hooks/openRepo';
import { logChange } from '../../policy/logChanges';
import { appendTrailers, formatTrailer, BYPASS_TRAILER } from '../../policy/trailers';
import { gitIdentity } from '../../hooks/gitIdentity';
import { detectAmend } from '../../git/detectAmend';
import { ConfigError } from '../../registry/ConfigError';
import { clearPending } from '../../hooks/recordOverride';

/**
 * `hook commit-msg <file>`: the override records this commit appends to the log become trailers of its
 * message (`Spine-Override: D69 — reason [id …]`), and a SPINE_HOOKS=0 bypass becomes a
 * `Spine-Hooks-Bypass:` trailer. Stateless: it compares the log in the index with HEAD's.
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
    const base = detectAmend() ? 'HEAD^' : 'HEAD';
    const parent = (await git.hasCommit(base)) ? new GitSnapshot(git, { kind: 'commit', sha: await git.resolve(base) }) : undefined;
    const [now, before] = await Promise.all([index.load([log]), parent ? parent.load([log]) : Promise.resolve(new Map<string, Buffer | undefined>())]);
    const change = logChange(before.get(log)?.toString('utf8'), now.get(log)?.toString('utf8'), log, schemas);
    for (const r of change.added) trailers.push(formatTrailer(r));
    if (io.env.SPINE_HOOKS === '0') {
      const who = await gitIdentity(git);
      trailers.push(`${BYPASS_TRAILER}: SPINE_HOOKS=0 by ${who.name} <${who.email}> at ${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
    }
    const message = fs.readFileSync(msgFile, 'utf8');
    // An empty message (comments aside) is how someone aborts a commit: leave it empty so git aborts.
    const empty = message.split('\n').every((l) => l.trim() === '' || l.startsWith('#'));
    if (trailers.length && !empty) fs.writeFileSync(msgFile, appendTrailers(message, trailers));
    await clearPending(git);
    return ExitCode.Pass;
  } finally {
    git.close();
  }
}
