import type { Git } from './Git';

/**
 * Commit messages read and written with git's own trailer rules (`git interpret-trailers`), never by
 * string concatenation: a message buffer may hold comments, a scissors line with the diff below it
 * (`commit -v`), or a body paragraph that only looks like trailers.
 */

/** The scissors line `commit -v` and `--cleanup=scissors` put above the diff (any comment character). */
const SCISSORS = /^\S -{24} >8 -{24}$/m;

/**
 * Whether the message buffer is empty the way git judges it before committing (comments and
 * everything below the scissors line dropped): leaving it empty is how people abort a commit, so
 * nothing is added to it then.
 */
export async function isEmptyMessage(git: Git, text: string): Promise<boolean> {
  const m = SCISSORS.exec(text);
  const above = m ? text.slice(0, m.index) : text;
  // `stripspace -s` drops comment lines with the configured core.commentChar, as `git commit` does.
  return (await git.pipe(['stripspace', '--strip-comments'], above)).trim() === '';
}

/** Adds trailers to a message file in place (after existing trailers, above comments and scissors). */
export async function addTrailers(git: Git, file: string, trailers: readonly string[]): Promise<void> {
  if (trailers.length === 0) return;
  // Explicit placement rules, so a user's trailer.* configuration cannot drop or reorder ours.
  const args = ['interpret-trailers', '--in-place', '--where', 'end', '--if-exists', 'addIfDifferent', '--if-missing', 'add'];
  for (const t of trailers) args.push('--trailer', t);
  await git.pipe([...args, file], '');
}

/** The trailers of a finished commit message, as `Key: value` lines (git's own trailer-block rules). */
export async function messageTrailers(git: Git, message: string): Promise<string[]> {
  const out = await git.pipe(['interpret-trailers', '--parse'], message);
  return out.split('\n').filter(Boolean);
}
