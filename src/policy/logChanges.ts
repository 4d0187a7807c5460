import type { SchemaValidator } from '../schema/SchemaValidator';
import type { OverrideRecord } from './model';
import { parseOverrideLog, type LogProblem } from './readPolicyFiles';
import { recordId } from './overrideRequest';

export interface LogChange {
  /** Records this change appends (with their line numbers in the new log). */
  added: Array<OverrideRecord & { line: number }>;
  /** Edited or removed old lines, damaged new lines, records whose id no longer matches their content. */
  problems: LogProblem[];
}

/**
 * What a change does to the append-only override log: the lines it appends, and anything else it does
 * (an old line edited or removed, an unreadable line, a record altered after its id was computed).
 */
export function logChange(before: string | undefined, after: string | undefined, file: string, schemas: SchemaValidator): LogChange {
  const lines = (text: string | undefined) => (text ? text.replace(/\n$/, '').split('\n') : []);
  const oldLines = lines(before);
  const newLines = lines(after);
  const problems: LogProblem[] = [];
  for (let i = 0; i < oldLines.length; i++) {
    if (newLines[i] !== oldLines[i]) {
      problems.push({ file, line: i + 1, message: `the override log is append-only: line ${i + 1} was ${newLines[i] === undefined ? 'removed' : 'edited'}` });
      break;
    }
  }
  const appended = newLines.map((l, i) => (i < oldLines.length ? '' : l)).join('\n');
  const parsed = parseOverrideLog(appended, file, schemas);
  problems.push(...parsed.problems);
  for (const r of parsed.records) {
    const { line: _line, ...record } = r;
    void _line;
    if (recordId(record) !== r.id) problems.push({ file, line: r.line, message: `override record ${r.id} does not match its id: it was edited after it was written` });
  }
  return { added: parsed.records, problems };
}
