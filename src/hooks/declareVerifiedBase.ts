import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VerifiedBase } from '../policy/policyRecords';
import { makeVerifiedBase } from '../policy/verifiedBases';
import { ConfigError } from '../registry/ConfigError';
import { OVERRIDE_MSG, RUN_MSG } from '../messages';
import { version } from '../version';
import { gitIdentity } from './gitIdentity';
import { openRepo } from './openRepo';
import { makeDirs } from '../cache/makeDirs';

/**
 * Declares that the history up to a commit was already checked (say, on the old host before a
 * migration): a record appended to the tracked verified-bases file in the working tree. Nothing is
 * staged or committed: the declaration lands as a reviewed commit.
 */
export async function declareVerifiedBase(opts: { cwd: string; rev: string; reason: string; file: string }): Promise<VerifiedBase> {
  const git = await openRepo(opts.cwd, RUN_MSG.verifiedBaseNeedsGit);
  try {
    const { rev } = opts;
    if (rev.startsWith('-') || !(await git.hasCommit(rev))) throw new ConfigError(OVERRIDE_MSG.notACommit(rev));
    const commit = await git.resolve(rev);
    const isAncestor = git.head !== undefined && (await git.mergeBase(commit, git.head)) === commit;
    if (!isAncestor) throw new ConfigError(OVERRIDE_MSG.notAncestor(rev));
    const who = await gitIdentity(git);
    const record = makeVerifiedBase({
      commit,
      timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      author: { name: who.name, email: who.email },
      reason: opts.reason,
      tool: `spine-hooks@${version()}`,
    });
    const file = path.join(opts.cwd, opts.file);
    makeDirs(path.dirname(file));
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    fs.writeFileSync(file, `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${JSON.stringify(record)}\n`);
    return record;
  } finally {
    git.close();
  }
}
