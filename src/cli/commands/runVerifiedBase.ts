import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../types';
import type { CliArgs } from '../CliArgs';
import type { Io } from '../io';
import { openRepo } from '../../hooks/openRepo';
import { gitIdentity } from '../../hooks/gitIdentity';
import { prepare } from '../../run';
import { ConfigError } from '../../registry/ConfigError';
import { makeVerifiedBase } from '../../policy/verifiedBases';
import { version } from '../../version';
import { visibleLength } from '../../policy/visibleLength';

/**
 * `verified-base <commit> --reason "…"`: declares that the history up to a commit was already checked
 * (say, on the old host before a migration), by appending a record to the tracked verified-bases file
 * in the working tree. Nothing is staged or committed: the declaration lands as a reviewed commit.
 */
export async function runVerifiedBase(args: CliArgs, io: Io, cwd: string): Promise<ExitCode> {
  const { loaded } = prepare({ cwd, config: args.config });
  const reason = (args.reason ?? '').trim();
  if (visibleLength(reason) < loaded.policy.minReasonLength) {
    throw new ConfigError(
      `the reason is too short (${visibleLength(reason)} visible characters, at least ${loaded.policy.minReasonLength}): say where that history was checked`,
    );
  }
  const git = await openRepo(cwd);
  try {
    const rev = args.positionals[0];
    if (rev.startsWith('-') || !(await git.hasCommit(rev))) throw new ConfigError(`${rev} is not a commit in this repository`);
    const commit = await git.resolve(rev);
    // (simple-git resolves a silent non-zero exit, so ask for the merge base rather than --is-ancestor's status.)
    const isAncestor = git.head !== undefined && (await git.raw(['merge-base', commit, git.head]).catch(() => '')).trim() === commit;
    if (!isAncestor) throw new ConfigError(`${rev} is not in the history of HEAD: a verified base must be a commit this branch builds on`);
    const who = await gitIdentity(git);
    const record = makeVerifiedBase({
      commit,
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      author: { name: who.name, email: who.email },
      reason,
      tool: `spine-hooks@${version()}`,
    });
    const file = path.join(cwd, loaded.policy.verifiedBases);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.writeFileSync(file, `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${JSON.stringify(record)}\n`);
    io.out(
      `spine-hooks: verified base ${record.id} (history up to ${commit.slice(0, 12)}) appended to ${loaded.policy.verifiedBases}.\n` +
        `Commit it (git add ${loaded.policy.verifiedBases} && git commit): pushes to a remote without that history, and ci --from 0000000, then skip it.\n`,
    );
    return ExitCode.Pass;
  } finally {
    git.close();
  }
}
