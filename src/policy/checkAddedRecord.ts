import { LOG_MSG } from '../messages';
import type { OverrideRecord, PolicySettings } from './policyRecords';
import type { LogProblem } from './readPolicyFiles';
import { visibleLength } from './visibleLength';
import { safePattern } from '../records/safePattern';

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
 * - it carries the reference `policy.reference_pattern` asks for, where the policy asks for one;
 * - it did not expire before it was written.
 */
export function addedRecordProblems(
  r: OverrideRecord & { line?: number },
  policy: PolicySettings,
  identities: readonly Identity[],
  file: string,
): LogProblem[] {
  const out: LogProblem[] = [];
  const line = r.line ?? 0;
  if (!identities.some((i) => i.name === r.author.name && i.email.toLowerCase() === r.author.email.toLowerCase())) {
    out.push({
      file,
      line,
      message: LOG_MSG.wrongAuthor(r.id, r.author, identities),
    });
  }
  const shown = visibleLength(r.reason);
  if (shown < policy.minReasonLength)
    out.push({
      file,
      line,
      message: LOG_MSG.shortReason(r.id, shown, policy.minReasonLength),
    });
  // The reference the policy asks for, as the hook asks for it (overrideRequest.ts): a record written
  // by hand past the hook must carry one too, or the hooks and ci would disagree.
  if (policy.referencePattern) {
    const re = safePattern(policy.referencePattern);
    if (!re.test(r.reason) && !(r.reference && re.test(r.reference))) {
      out.push({
        file,
        line,
        message: LOG_MSG.noReference(r.id, policy.referencePattern),
      });
    }
  }
  if (r.expires && r.expires < r.timestamp.slice(0, 10))
    out.push({ file, line, message: LOG_MSG.bornExpired(r.id, r.expires, r.timestamp) });
  return out;
}
