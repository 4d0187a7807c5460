import { createHash } from 'node:crypto';
import { LOG_MSG } from '../messages';
import type { SchemaValidator } from '../schema/SchemaValidator';
import type { VerifiedBase } from './policyRecords';
import { parseJsonLines, type LogProblem } from './readPolicyFiles';
import { appendOnly, lines } from './logChanges';

/**
 * Verified bases: commits whose history was already checked, declared with a reason in a tracked,
 * append-only file. Pushing a whole history to a remote that has none of it (`git push --mirror` to a
 * new host) then checks only what no base covers, and `ci --from 0000…` on that host does the same.
 * The declaration is itself a commit: reviewed, checked and kept like any other.
 */
export function parseVerifiedBases(
  text: string | undefined,
  file: string,
  schemas: SchemaValidator,
): { bases: VerifiedBase[]; problems: LogProblem[] } {
  const parsed = parseJsonLines<VerifiedBase>(text, file, 'verified-base.schema.json', 'verified base', schemas);
  const problems = [...parsed.problems];
  const bases: VerifiedBase[] = [];
  for (const r of parsed.records) {
    const { line, ...base } = r;
    if (baseId(base) !== base.id) problems.push({ file, line, message: LOG_MSG.baseEdited(base.id) });
    else bases.push(base);
  }
  return { bases, problems };
}

/** What a commit does to the file: append-only, every new line a valid record. */
export function verifiedBasesChange(
  after: string | undefined,
  before: string | undefined,
  file: string,
  schemas: SchemaValidator,
): LogProblem[] {
  const oldLines = lines(before);
  const newLines = lines(after);
  const appended = newLines.map((l, i) => (i < oldLines.length ? '' : l)).join('\n');
  return [...appendOnly(oldLines, newLines, file, 'the verified-bases file'), ...parseVerifiedBases(appended, file, schemas).problems];
}

export function makeVerifiedBase(body: Omit<VerifiedBase, 'id'>): VerifiedBase {
  return { id: baseId(body), ...body };
}

function baseId(record: Omit<VerifiedBase, 'id'> | VerifiedBase): string {
  const { id: _id, ...rest } = record as VerifiedBase;
  void _id;
  const ordered = { commit: rest.commit, timestamp: rest.timestamp, author: rest.author, reason: rest.reason, tool: rest.tool };
  return createHash('sha256').update(JSON.stringify(ordered)).digest('hex').slice(0, 12);
}
