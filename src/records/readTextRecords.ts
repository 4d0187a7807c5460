import type { CollectionDef } from '../registry/registryTypes';
import type { SourceFile } from '../workspace/SourceFile';
import { SsotRecord, type RecordShape } from './SsotRecord';
import { safePattern, type SafePattern } from './safePattern';

/** Backticked code spans: "the name appears `quoted` in the document" (our own pattern: native RegExp). */
const CODE_SPAN = /`([^`\n]+)`/g;
const codeSpans: SafePattern['matchAll'] = (line) =>
  [...line.matchAll(CODE_SPAN)].map((m) => ({ index: m.index, text: m[0], group1: m[1] }));

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
  // A configured pattern runs on the linear-time engine: a long line cannot hang the run.
  const matchesIn = def.pattern === undefined ? codeSpans : safePattern(def.pattern, def.ignore_case).matchAll;
  const records: SsotRecord[] = [];
  const keyed = { ...shape, keyField: shape.keyField ?? 'value' };
  for (let i = from; i < to; i++) {
    for (const m of matchesIn(lines[i])) {
      const value = m.group1 ?? m.text;
      const at = { line: i + 1, column: m.index + 1 };
      records.push(new SsotRecord(keyed, file.path, { value, line: i + 1 }, () => at));
    }
  }
  return records;
}
