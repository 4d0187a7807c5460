import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Git } from '../git/Git';
import { ZERO_SHA } from '../git/Git';
import { ConfigError } from '../registry/ConfigError';
import { RUN_MSG } from '../messages';

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
        throw new ConfigError(RUN_MSG.prePushLine(i + 1, l));
      }
      return { localRef, localSha, remoteRef, remoteSha };
    });
}

/**
 * The `git log` ranges that hold the commits a push sends: nothing for a deleted branch; for a new
 * branch (or a remote tip we do not have) everything not already on the remote's tracking refs nor in
 * the history of a verified base (see policy/verifiedBases.ts) that a pushed tip declares (a mirror
 * push sends old tips beside the one that declares the base); otherwise `remote..local`, which also
 * covers force pushes (commits the remote lacks).
 */
export async function pushRanges(
  git: Git,
  lines: readonly PushLine[],
  remote: string | undefined,
  basesOf: (sha: string) => Promise<string[]>,
): Promise<string[][]> {
  const notOnRemote = remote ? `--remotes=${remote}` : '--remotes';
  const sent = lines.filter((l) => !ZERO_SHA.test(l.localSha)); // a deletion sends nothing
  const known = await Promise.all(sent.map(async (l) => !ZERO_SHA.test(l.remoteSha) && (await git.hasCommit(l.remoteSha))));
  const fresh = sent.filter((_, i) => !known[i]);
  const bases = [...new Set((await Promise.all([...new Set(fresh.map((l) => l.localSha))].map(basesOf))).flat())];
  return sent.map((l, i) => (known[i] ? [`${l.remoteSha}..${l.localSha}`] : [l.localSha, '--not', notOnRemote, ...bases]));
}

/**
 * The configured remote a push goes to. git hands pre-push the remote's name, or, when the push names
 * a URL (`git push ../origin.git branch`, and some clients always do), the URL twice: then the remote
 * whose url or pushurl is that URL is the one. Undefined when none is: the push goes somewhere with
 * no tracking refs of its own, and commits already on any remote count as checked.
 */
export async function pushRemote(git: Git, name: string | undefined, url: string | undefined): Promise<string | undefined> {
  const out = await git.configGetRegexp('^remote\\..*\\.(url|pushurl)$');
  const remotes = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const m = /^remote\.(.+)\.(?:url|pushurl) (.*)$/.exec(line.trim());
    if (m) remotes.set(m[1], [...(remotes.get(m[1]) ?? []), m[2]]);
  }
  if (name && remotes.has(name)) return name;
  const wanted = url ?? name;
  if (!wanted) return undefined;
  const key = urlKey(git, wanted);
  const matches = [...remotes].filter(([, urls]) => urls.some((u) => urlKey(git, u) === key)).map(([n]) => n);
  return matches.length === 1 ? matches[0] : undefined;
}

/** A URL in a comparable form: local paths resolved (from the top level) and real; no trailing `/` or `.git`. */
function urlKey(git: Git, url: string): string {
  let u = url.trim().replace(/\/+$/, '');
  const local = u.startsWith('file://')
    ? u.slice('file://'.length)
    : !/^[a-z][a-z0-9+.-]*:\/\//i.test(u) && !/^[^/]+:/.test(u)
      ? u
      : undefined;
  if (local !== undefined) {
    const abs = path.resolve(git.toplevel, local);
    try {
      u = fs.realpathSync(abs);
    } catch {
      u = abs;
    }
  }
  return u.replace(/\.git$/, '');
}
