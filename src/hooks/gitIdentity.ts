import type { Git } from '../git/Git';

/** Who is committing (git's own answer, honouring GIT_AUTHOR_* and config) and on which branch. */
export async function gitIdentity(git: Git): Promise<{ name: string; email: string; branch: string }> {
  const [author] = await identities(git, ['GIT_AUTHOR_IDENT']);
  const branch = await git.branch();
  return { ...author, branch: branch || 'HEAD (detached)' };
}

/**
 * The author and committer of the commit being made. Inside a commit hook git has already exported
 * the author it will record (`--author`, the amended commit's author, GIT_AUTHOR_*), so these are the
 * identities the finished commit carries.
 */
export async function commitIdentities(git: Git): Promise<Array<{ name: string; email: string }>> {
  return identities(git, ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT']);
}

async function identities(
  git: Git,
  vars: Array<'GIT_AUTHOR_IDENT' | 'GIT_COMMITTER_IDENT'>,
): Promise<Array<{ name: string; email: string }>> {
  return Promise.all(
    vars.map(async (v) => {
      const ident = await git.ident(v);
      const m = /^(.*?) <([^>]*)>/.exec(ident);
      return { name: m?.[1] || 'unknown', email: m?.[2] || 'unknown' };
    }),
  );
}
