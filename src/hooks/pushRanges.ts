import type { Git } from '../git/Git';
import { ZERO_SHA } from '../git/Git';
import { ConfigError } from '../registry/ConfigError';

export interface PushLine {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

/** Parses the lines git writes to a pre-push hook's standard input. */
export function parsePushLines(stdin: string): PushLine[] {
  const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
  return stdin
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l, i) => {
      const parts = l.split(' ');
      const [localRef, localSha, remoteRef, remoteSha] = parts;
      // Only what git writes is accepted: anything else is never passed on to git (no option injection).
      if (parts.length !== 4 || !SHA.test(localSha) || !SHA.test(remoteSha)) {
        throw new ConfigError(`pre-push: line ${i + 1} of standard input is not "<local ref> <sha> <remote ref> <sha>": ${JSON.stringify(l.slice(0, 120))}`);
      }
      return { localRef, localSha, remoteRef, remoteSha };
    });
}

/**
 * The `git log` ranges that hold the commits a push sends: nothing for a deleted branch; for a new
 * branch (or a remote tip we do not have) everything not already on the remote's tracking refs;
 * otherwise `remote..local`, which also covers force pushes (commits the remote lacks).
 */
export async function pushRanges(git: Git, lines: readonly PushLine[], remote?: string): Promise<string[][]> {
  const notOnRemote = remote ? `--remotes=${remote}` : '--remotes';
  const ranges: string[][] = [];
  for (const l of lines) {
    if (ZERO_SHA.test(l.localSha)) continue; // branch deletion: nothing is sent
    if (!ZERO_SHA.test(l.remoteSha) && (await git.hasCommit(l.remoteSha))) ranges.push([`${l.remoteSha}..${l.localSha}`]);
    else ranges.push([l.localSha, '--not', notOnRemote]);
  }
  return ranges;
}
