import type { OverrideRecord, PolicySettings } from './model';
import type { LogProblem } from './readPolicyFiles';
import { visibleLength } from './visibleLength';

export interface Identity {
  name: string;
  email: string;
}

/**
 * What makes a record a real override of the commit that adds it, beyond its id and trailer: the hooks
 * (for the commit being made) and `ci` (for a finished commit) both ask this, so they agree.
 * - its author is the commit's author or committer as git records them (`identities`): a record
 *   naming someone else is not this commit's override. git exports the author to the hooks, so a
 *   record written by pre-commit names the commit's author, which amend, rebase and cherry-pick keep;
 * - its reason is at least the policy's minimum in visible characters (the commit's own policy);
 * - it did not expire before it was written.
 */
export function addedRecordProblems(r: OverrideRecord & { line?: number }, policy: PolicySettings, identities: readonly Identity[], file: string): LogProblem[] {
  const out: LogProblem[] = [];
  const line = r.line ?? 0;
  const who = (i: Identity) => `${i.name} <${i.email}>`;
  if (!identities.some((i) => i.name === r.author.name && i.email.toLowerCase() === r.author.email.toLowerCase())) {
    out.push({ file, line, message: `override ${r.id} names ${who(r.author)} as its author, but the commit is by ${[...new Set(identities.map(who))].join(', committed by ')}: a record binds to the commit that adds it` });
  }
  const shown = visibleLength(r.reason);
  if (shown < policy.minReasonLength) out.push({ file, line, message: `override ${r.id} has a reason of ${shown} visible character${shown === 1 ? '' : 's'}, below the minimum of ${policy.minReasonLength}` });
  if (r.expires && r.expires < r.timestamp.slice(0, 10)) out.push({ file, line, message: `override ${r.id} expired (${r.expires}) before it was recorded (${r.timestamp.slice(0, 10)})` });
  return out;
}
