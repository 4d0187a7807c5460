import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Git } from './Git';

/**
 * The commits a shallow clone was cut at (`<common dir>/shallow`, one id a line): git shows them without
 * parents, though they have some. Empty in a full clone.
 */
export function shallowCommits(git: Git): ReadonlySet<string> {
  try {
    const text = fs.readFileSync(path.join(git.commonDir, 'shallow'), 'utf8');
    return new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^[0-9a-f]{40,64}$/.test(l)),
    );
  } catch {
    return new Set();
  }
}
