import type { Git } from '../git/Git';
import { GitSnapshot } from '../git/GitSnapshot';
import type { SchemaValidator } from '../schema/SchemaValidator';
import { logChange, type LogChange } from '../policy/logChanges';

/**
 * What a commit (finished, or being made: `tip` is then the index) does to the override log, against
 * the logs of its parents. The hooks and `ci` both come here, so they classify records alike.
 */
export async function readLogChange(
  git: Git,
  tip: GitSnapshot,
  parents: readonly string[],
  log: string,
  schemas: SchemaValidator,
): Promise<LogChange> {
  const snapshots = [tip, ...parents.map((sha) => new GitSnapshot(git, { kind: 'commit', sha }))];
  const texts = await Promise.all(snapshots.map(async (s) => (await s.load([log])).get(log)?.toString('utf8')));
  return logChange(texts[0], texts.slice(1), log, schemas);
}
