import { LOG_MSG } from '../messages';
import type { SchemaValidator } from '../schema/SchemaValidator';
import type { OverrideRecord } from './policyRecords';
import { parseOverrideLog, type LogProblem } from './readPolicyFiles';
import { recordId } from './overrideRequest';

export interface LogChange {
  /** Records this commit adds: in no parent's log. Each needs its trailer and must cover a finding. */
  added: Array<OverrideRecord & { line: number }>;
  /**
   * Records a merge carries in from its other parents (in some parent's log, not in the first
   * parent's). They were added, trailed and checked by the merged commits; in the merge they cover
   * exactly the findings they were recorded for (their fingerprints), nothing more.
   */
  carried: Array<OverrideRecord & { line: number }>;
  /** Edited or removed old lines, dropped carried records, damaged new lines, records whose id no longer matches. */
  problems: LogProblem[];
}

export const lines = (text: string | undefined) => (text ? text.replace(/\n$/, '').split('\n') : []);

/** The id of a log line, or undefined for a line that is no record. */
function idOf(line: string): string | undefined {
  try {
    const id = (JSON.parse(line) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The first old line that is no longer in place: an append-only file may only grow at its end. */
export function appendOnly(oldLines: readonly string[], newLines: readonly string[], file: string, what: string): LogProblem[] {
  for (let i = 0; i < oldLines.length; i++) {
    if (newLines[i] !== oldLines[i]) return [{ file, line: i + 1, message: LOG_MSG.appendOnly(what, i + 1, newLines[i] === undefined) }];
  }
  return [];
}

/**
 * What a commit does to the append-only override log, given the log of each of its parents (first
 * parent first; none for a root commit). The one rule both the hooks (for the commit being made) and
 * `ci` (for a finished commit) apply:
 * - the first parent's lines stay, in place (append-only);
 * - lines after them that another parent holds are carried records (a merge; with `merge=union` for
 *   the log in .gitattributes, git writes exactly this order), and every record another parent holds
 *   must still be there;
 * - every other line is a record this commit adds: valid, and matching its id.
 */
export function logChange(
  after: string | undefined,
  parents: ReadonlyArray<string | undefined>,
  file: string,
  schemas: SchemaValidator,
): LogChange {
  const oldLines = lines(parents[0]);
  const newLines = lines(after);
  const problems: LogProblem[] = appendOnly(oldLines, newLines, file, 'the override log');
  const first = new Set(oldLines);
  const others = new Set(
    parents
      .slice(1)
      .flatMap(lines)
      .filter((l) => l.trim() && !first.has(l)),
  );
  const present = new Set(newLines);
  for (const l of others) {
    if (!present.has(l)) problems.push({ file, line: 0, message: LOG_MSG.mergeDrops(l) });
  }
  // Keep line numbers: blank out what is not appended (or is carried), then parse the rest.
  const appended = newLines.map((l, i) => (i < oldLines.length || others.has(l) ? '' : l)).join('\n');
  const carriedText = newLines.map((l, i) => (i >= oldLines.length && others.has(l) ? l : '')).join('\n');
  const parsed = parseOverrideLog(appended, file, schemas);
  problems.push(...parsed.problems);
  // A line copying a record the log already holds is no new override (parseOverrideLog sees the appended lines only).
  const held = new Map(oldLines.map((l, i) => [idOf(l), i + 1] as const));
  parsed.records = parsed.records.filter((r) => {
    const first = held.get(r.id);
    if (first !== undefined) problems.push({ file, line: r.line, message: LOG_MSG.duplicateId(r.id, first) });
    return first === undefined;
  });
  for (const r of parsed.records) {
    const { line: _line, ...record } = r;
    void _line;
    if (recordId(record) !== r.id) problems.push({ file, line: r.line, message: LOG_MSG.recordEdited(r.id) });
  }
  return { added: parsed.records, carried: parseOverrideLog(carriedText, file, schemas).records, problems };
}
