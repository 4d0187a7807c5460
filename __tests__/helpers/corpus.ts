import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS } from './paths';

/**
 * A suite over a corpus snapshot. Where the snapshot is absent (a clone without ../shared) it is
 * skipped, and says so and why in its name: what jest writes to its JSON results and what the skip
 * reporter (__tests__/helpers/skipReporter.js) lists at the end of the run.
 */
export function corpusSuite(snapshot: string, name: string, fn: () => void): void {
  const dir = path.join(CORPUS, snapshot);
  if (fs.existsSync(dir)) {
    describe(name, fn);
    return;
  }
  const why = `skipped: ${dir} not found (the real snapshots live in ../shared/corpus beside the project, not in this repository)`;
  describe.skip(`${name} — ${why}`, fn);
}
