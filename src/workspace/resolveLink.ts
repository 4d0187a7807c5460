import * as path from 'node:path';

/**
 * Where a symbolic link points, by the one rule every snapshot (working tree, index, commit) applies:
 * a link is followed one level, to a file inside the folder being checked; a link that leaves it
 * (`../…`, an absolute path) is a finding, never read. `linkPath` and the answer are relative to that
 * folder.
 */
export function resolveLink(linkPath: string, target: string): { path: string } | { problem: string } {
  if (path.posix.isAbsolute(target) || /^[A-Za-z]:[\\/]/.test(target)) return { problem: linkMessage.outside(target) };
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(linkPath), target));
  if (joined === '..' || joined.startsWith('../')) return { problem: linkMessage.outside(target) };
  return { path: joined };
}

export const linkMessage = {
  outside: (target: string) => `is a symbolic link to ${JSON.stringify(target)}, outside the repository: not followed`,
  chain: (target: string) => `is a symbolic link to ${JSON.stringify(target)}, itself a link: links are followed one level only`,
  dangling: (target: string) => `is a symbolic link to ${JSON.stringify(target)}, which does not exist`,
  throughFolder: () => 'is reached through a folder that is a symbolic link: git keeps the link, not the files behind it',
};
