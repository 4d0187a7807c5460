import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Git } from '../git/Git';
import { GitStateError } from '../git/GitStateError';
import type { OverrideRecord } from '../policy/policyRecords';
import { PENDING } from './installHooks';
import { makeDirs } from '../cache/makeDirs';

/**
 * Appends one override record to the tracked log, in the index (so the record is part of the commit
 * being made) and in the working tree (so the file on disk stays in step). The only write spine-hooks
 * ever makes to a repository, and only when someone asked for an override: one appended line of its
 * own log file. Other staged or unstaged changes, including changes to the log itself, are kept.
 */
export async function recordOverride(
  git: Git,
  logPath: string,
  record: OverrideRecord,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const indexFile = env.GIT_INDEX_FILE ?? '';
  if (/(^|[\\/])next-index-[^\\/]*$/.test(indexFile)) {
    // `git commit <path>`: git commits a temporary index and restores the real one afterwards, so a
    // record written now would be committed but vanish from the index. Ask for a plain commit.
    throw new GitStateError('an override cannot be recorded by `git commit <path>`: stage the files and run `git commit` without paths');
  }
  const full = git.prefix + logPath;
  const line = `${JSON.stringify(record)}\n`;
  const sha = await git.indexBlob(full);
  const staged = sha ? ((await git.blobs.read([sha]))[0]?.toString('utf8') ?? '') : '';
  await git.stage(full, withNewline(staged) + line);
  const onDisk = path.join(git.toplevel, full);
  makeDirs(path.dirname(onDisk));
  const current = fs.existsSync(onDisk) ? fs.readFileSync(onDisk, 'utf8') : '';
  fs.writeFileSync(onDisk, withNewline(current) + line);
  await markPending(git);
}

/** Tells the commit-msg hook (a shell test, so that it starts node only then) that it has work. */
export async function markPending(git: Git): Promise<void> {
  const marker = await git.gitPath(PENDING);
  makeDirs(path.dirname(marker));
  fs.writeFileSync(marker, '');
}

export async function clearPending(git: Git): Promise<void> {
  const marker = await git.gitPath(PENDING);
  fs.rmSync(marker, { force: true });
}

function withNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : `${s}\n`;
}
