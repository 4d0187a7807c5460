import type { CollectionDef } from '../registry/model';
import type { SourceFile } from '../workspace/SourceFile';
import { SsotRecord, type RecordShape } from './SsotRecord';

/** Backticked code spans: "the name appears `quoted` in the document". */
const CODE_SPAN = '`([^`\\n]+)`';

/**
 * A `text` collection: every match of a pattern in a file, or in the Markdown section under a heading
 * (to the next heading of the same or a higher level), one record per match with the field `value`
 * (the first group) at its line and column. Text search as data: a coverage rule can then require
 * that a name appears in a document like any other touchpoint.
 */
export function readTextRecords(file: SourceFile, def: CollectionDef, shape: RecordShape): SsotRecord[] {
  if (file.content.kind !== 'text') return [];
  const lines = file.content.text.split(/\r?\n/);
  let from = 0;
  let to = lines.length;
  if (def.heading) {
    const doc = file.markdown();
    const h = doc.headings.find((x) => x.text.toLowerCase().includes(def.heading!.toLowerCase()));
    if (!h) return [];
    from = h.line;
    to = (doc.headings.find((x) => x.line > h.line && x.level <= h.level)?.line ?? lines.length + 1) - 1;
  }
  const re = new RegExp(def.pattern ?? CODE_SPAN, 'g');
  const records: SsotRecord[] = [];
  const keyed = { ...shape, keyField: shape.keyField ?? 'value' };
  for (let i = from; i < to; i++) {
    re.lastIndex = 0;
    for (let m = re.exec(lines[i]); m; m = re.exec(lines[i])) {
      const value = m[1] ?? m[0];
      const at = { line: i + 1, column: m.index + 1 };
      records.push(new SsotRecord(keyed, file.path, { value, line: i + 1 }, () => at));
      if (m[0] === '') re.lastIndex++;
    }
  }
  return records;
}
