import type { Git } from '../git/Git';

/** Who is committing (git's own answer, honouring GIT_AUTHOR_* and config) and on which branch. */
export async function gitIdentity(git: Git): Promise<{ name: string; email: string; branch: string }> {
  const ident = (await git.raw(['var', 'GIT_AUTHOR_IDENT']).catch(() => '')).trim();
  const m = /^(.*?) <([^>]*)>/.exec(ident);
  const branch = (await git.raw(['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim();
  return { name: m?.[1] || 'unknown', email: m?.[2] || 'unknown', branch: branch || 'HEAD (detached)' };
}
