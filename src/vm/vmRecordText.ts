import { isSeq, type Node } from 'yaml';
import type { EntryValue } from '../rules/kinds';
import { appendItem, setField, yamlDocument } from '../fix/yamlEdits';
import { readText, writeText } from '../fix/textFile';
import type { SsotRecord } from '../records/SsotRecord';

/** Where the new record went: its first and last line (1-based) in the edited file, and the file's bytes. */
export interface Inserted {
  bytes: Buffer;
  firstLine: number;
  lastLine: number;
}

/**
 * The new VM record as a list item right after `neighbour` (the record most like it), written as the
 * neighbour writes its own: key order, quoting per key, indentation, a blank line between items where the
 * list has them. Everything else in the file stays byte for byte (a BOM and CRLF line ends too).
 */
export function insertRecord(
  bytes: Buffer,
  file: string,
  selectPath: readonly string[],
  neighbourIndex: number,
  entry: Record<string, EntryValue>,
): Inserted {
  const t = readText(bytes, file);
  const doc = yamlDocument(t.text);
  const seq = selectPath.length ? doc.getIn(selectPath, true) : doc.contents;
  const item = isSeq(seq) ? (seq.items[neighbourIndex] as Node | undefined) : undefined;
  if (!item?.range) throw new Error(`${file}: ${selectPath.join('.')}[${neighbourIndex}] is not there`);
  // The text up to the end of the neighbour's last line is a document whose list ends with the neighbour:
  // appendItem puts the new item after it, in its style; what followed it comes back unchanged.
  const nl = t.text.indexOf('\n', item.range[1] - 1);
  const cut = nl < 0 ? t.text.length : nl + 1;
  const head = appendItem(t.text.slice(0, cut), selectPath, entry);
  const text = head + t.text.slice(cut);
  const firstLine = t.text.slice(0, cut).split('\n').length + (head.slice(cut).startsWith('\n') ? 1 : 0);
  const lastLine = head.split('\n').length - 1;
  return { bytes: writeText(t, text), firstLine, lastLine };
}

/** The record's `field` set to `value` in place: only the value's characters change (its quoting kept). */
export function setRecordField(bytes: Buffer, file: string, record: SsotRecord, field: string, value: EntryValue): Buffer {
  const t = readText(bytes, file);
  const place = record.place;
  if (!place || !('path' in place)) throw new Error(`${file}: ${record.label} has no place in the YAML`);
  return writeText(t, setField(t.text, place.path, field, value));
}

/** The map `defaults_from` names in the file's data (the binding's own defaults block, as the gates read it), else {}. */
export function defaultsBlock(data: unknown, select: string | undefined): Record<string, unknown> {
  if (!select) return {};
  let node = data;
  for (const part of select.split('.')) node = isPlainMap(node) ? node[part] : undefined;
  return isPlainMap(node) ? node : {};
}

const isPlainMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
