import type { Git } from '../git/Git';
import { GitSnapshot } from '../git/GitSnapshot';
import { prepare } from '../run';
import type { VerifiedBase } from '../policy/policyRecords';
import { parseVerifiedBases } from '../policy/verifiedBases';
import { configFromSnapshot } from './openRepo';

/**
 * The verified bases a commit's tree declares (its configuration names the file), those git knows.
 * Damaged lines are left out here; `ci` and pre-push report them on the commit that wrote them.
 */
export async function verifiedBasesAt(git: Git, cwd: string, config: string | undefined, sha: string): Promise<VerifiedBase[]> {
  const snapshot = new GitSnapshot(git, { kind: 'commit', sha });
  const cfg = await configFromSnapshot(snapshot, config);
  const { loaded, schemas } = prepare({ cwd, config, configText: cfg.text });
  const file = loaded.policy.verifiedBases;
  const text = (await snapshot.load([file])).get(file)?.toString('utf8');
  if (text === undefined) return [];
  const { bases } = parseVerifiedBases(text, file, schemas);
  const known = await Promise.all(bases.map((b) => git.hasCommit(b.commit)));
  return bases.filter((_, i) => known[i]);
}
