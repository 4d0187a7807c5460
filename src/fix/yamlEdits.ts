import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { EntryValue } from '../rules/kinds';
import { FIX_MSG } from '../messages';
import { parseYaml } from '../workspace/parseYaml';

/**
 * Edits of YAML text as splices: the `yaml` package's document API finds where (node ranges), the edit
 * replaces or inserts only those characters, so every untouched byte stays as it was (comments, key order,
 * quoting, flow or block style, anchors, indentation). New entries copy the style of their neighbours.
 * Text here has LF line ends and no BOM (textFile.ts takes them off and puts them back).
 */

/** A YAML edit that cannot be made, and why (the file is then left as it is). */
export class EditRefused extends Error {}

type Path = ReadonlyArray<string | number>;

/**
 * The `yaml` document of a text, parsed once for the last few texts asked for: a fix or `vm add` asks
 * about the same text several times (its defaults block, where an item goes, whether it parses before and
 * after each edit), and a 10,000-VM lifecycle costs seconds and hundreds of MiB a parse. The documents are
 * only read here, never changed.
 */
export function yamlDocument(text: string): Document.Parsed {
  let doc = documents.get(text);
  if (doc) {
    documents.delete(text);
  } else {
    doc = parseDocument(text, { uniqueKeys: false });
    if (documents.size >= KEPT_DOCUMENTS) documents.delete(documents.keys().next().value as string);
  }
  documents.set(text, doc);
  return doc;
}

const KEPT_DOCUMENTS = 4;
const documents = new Map<string, Document.Parsed>();

function parse(text: string): Document.Parsed {
  const doc = yamlDocument(text);
  if (doc.errors.length) throw new EditRefused(doc.errors[0].message.split('\n')[0]);
  return doc;
}

function nodeAt(doc: Document.Parsed, path: Path): unknown {
  return path.length ? doc.getIn(path, true) : doc.contents;
}

const lineStart = (text: string, i: number) => text.lastIndexOf('\n', i - 1) + 1;
const columnOf = (text: string, i: number) => i - lineStart(text, i);
/** The offset just after the line holding offset i (after its newline; the end of the text without one). */
function afterLine(text: string, i: number): number {
  const nl = text.indexOf('\n', Math.max(i - 1, 0));
  return nl < 0 ? text.length : nl + 1;
}

/**
 * A plain scalar where it reads back as the same string, else double-quoted (JSON's escapes are YAML's). In a
 * flow collection (`flow`), where `,` ends a plain value and brackets close one, a value holding any of `,[]{}`
 * is quoted: `user: u, notes` would otherwise write a second key.
 */
export function yamlScalar(value: EntryValue, style?: string, flow = false): string {
  if (typeof value !== 'string') return String(value);
  if (style === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  try {
    const back = parseDocument(`k: ${value}\n`);
    if (!back.errors.length && back.get('k') === value && !/[#\n]|^\s|\s$/.test(value) && !(flow && /[,[\]{}]/.test(value))) return value;
  } catch {
    // not plain: quoted below
  }
  return JSON.stringify(value);
}

const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : undefined);

/** Sets a field of the map at `path` (adding it after the map's last key when absent). */
export function setField(text: string, path: Path, field: string, value: EntryValue): string {
  const doc = parse(text);
  const map = nodeAt(doc, path);
  if (!isMap(map)) throw new EditRefused(FIX_MSG.notThere(path.join('.') || 'the document'));
  const pair = map.items.find((p) => keyOf(p) === field);
  if (pair) {
    const v = pair.value as Node | null;
    if (v && isScalar(v) && v.range) {
      return text.slice(0, v.range[0]) + yamlScalar(value, v.type, map.flow) + text.slice(v.range[1]);
    }
    if (v === null && isScalar(pair.key) && pair.key.range) {
      const colon = text.indexOf(':', pair.key.range[1]);
      return `${text.slice(0, colon + 1)} ${yamlScalar(value, undefined, map.flow)}${text.slice(colon + 1)}`;
    }
    throw new EditRefused(FIX_MSG.notThere(`${[...path, field].join('.')} (a scalar)`));
  }
  return insertPair(text, map, field, yamlScalar(value, undefined, map.flow));
}

/** A new `key: value` after the map's last pair, at its keys' indentation (flow: `, key: value` before `}`). */
function insertPair(text: string, map: YAMLMap, key: string, value: string): string {
  const last = map.items[map.items.length - 1];
  if (!last || !isScalar(last.key) || !last.key.range) throw new EditRefused(FIX_MSG.notThere(key));
  const end = (last.value as Node | null)?.range?.[1] ?? last.key.range[1];
  if (map.flow) return `${text.slice(0, end)}, ${key}: ${value}${text.slice(end)}`;
  const indent = ' '.repeat(columnOf(text, (map.items[0].key as Node).range![0]));
  const at = afterLine(text, end);
  const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return `${text.slice(0, at)}${nl}${indent}${key}: ${value}\n${text.slice(at)}`;
}

/** How the neighbour quotes a key's string value (that key's, else the style most of its strings have). */
function styleFor(neighbour: YAMLMap | undefined, key: string): string | undefined {
  if (!neighbour) return undefined;
  const own = neighbour.items.find((p) => keyOf(p) === key)?.value;
  if (isScalar(own) && typeof own.value === 'string') return own.type;
  const counts = new Map<string, number>();
  for (const p of neighbour.items) {
    if (isScalar(p.value) && typeof p.value.value === 'string' && p.value.type)
      counts.set(p.value.type, (counts.get(p.value.type) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** A value of a new entry, quoted as the neighbour quotes that key (or most of its strings). */
function styled(neighbour: YAMLMap | undefined, key: string, value: EntryValue, flow = false): string {
  const style = styleFor(neighbour, key);
  return yamlScalar(value, style === 'QUOTE_DOUBLE' || style === 'QUOTE_SINGLE' ? style : undefined, flow);
}

/** The keys of a new entry in its neighbour's order, then its own others. */
function ordered(entry: Record<string, EntryValue>, neighbour: YAMLMap | undefined): string[] {
  const theirs = neighbour ? neighbour.items.map(keyOf).filter((k): k is string => k !== undefined && k in entry) : [];
  return [...theirs, ...Object.keys(entry).filter((k) => !theirs.includes(k))];
}

/** A flow map as the neighbour writes one: `{ a: 1 }` or `{a: 1}`. */
function flowMap(text: string, neighbour: YAMLMap | undefined, keys: string[], entry: Record<string, EntryValue>): string {
  const tight = neighbour?.range ? text[neighbour.range[0] + 1] !== ' ' : false;
  const body = keys.map((k) => `${k}: ${styled(neighbour, k, entry[k], true)}`).join(', ');
  return tight ? `{${body}}` : `{ ${body} }`;
}

/** Appends an entry to the list at `path` (a list of maps), in the style of its last item. */
export function appendItem(text: string, path: Path, entry: Record<string, EntryValue>): string {
  const doc = parse(text);
  const seq = nodeAt(doc, path);
  if (!isSeq(seq) || !seq.range) throw new EditRefused(FIX_MSG.notThere(path.join('.') || 'the document'));
  const items = seq.items as Node[];
  const last = items[items.length - 1];
  if (!last || !last.range) throw new EditRefused(FIX_MSG.notThere(`an item of ${path.join('.')} to copy the style of`));
  const neighbour = isMap(last) ? last : undefined;
  const keys = ordered(entry, neighbour);
  if (seq.flow) return `${text.slice(0, last.range[1])}, ${flowMap(text, neighbour, keys, entry)}${text.slice(last.range[1])}`;
  const dash = columnOf(text, seq.range[0]);
  const at = afterLine(text, last.range[1]);
  const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
  const gap = blankBetween(text, items) ? '\n' : '';
  let block: string;
  if (neighbour?.flow) block = `${' '.repeat(dash)}- ${flowMap(text, neighbour, keys, entry)}\n`;
  else {
    const keyCol =
      neighbour?.items[0]?.key && (neighbour.items[0].key as Node).range
        ? columnOf(text, (neighbour.items[0].key as Node).range![0])
        : dash + 2;
    block = keys
      .map(
        (k, i) =>
          `${' '.repeat(i === 0 ? dash : keyCol)}${i === 0 ? '-'.padEnd(keyCol - dash) : ''}${k}: ${styled(neighbour, k, entry[k])}\n`,
      )
      .join('');
  }
  return `${text.slice(0, at)}${nl}${gap}${block}${text.slice(at)}`;
}

/** Adds `key:` with the entry's fields to the map at `path` (a map of maps), in the style of its last entry. */
export function appendEntry(text: string, path: Path, key: string, entry: Record<string, EntryValue>): string {
  const doc = parse(text);
  const map = nodeAt(doc, path);
  if (!isMap(map)) throw new EditRefused(FIX_MSG.notThere(path.join('.') || 'the document'));
  if (map.items.some((p) => keyOf(p) === key)) throw new EditRefused(FIX_MSG.notThere(`a free key ${key}`));
  const last = map.items[map.items.length - 1];
  if (!last || !isScalar(last.key) || !last.key.range)
    throw new EditRefused(FIX_MSG.notThere(`an entry of ${path.join('.')} to copy the style of`));
  const neighbour = isMap(last.value) ? last.value : undefined;
  const keys = ordered(entry, neighbour);
  const end = (last.value as Node | null)?.range?.[1] ?? last.key.range[1];
  if (map.flow)
    return `${text.slice(0, end)}, ${yamlScalar(key, undefined, true)}: ${flowMap(text, neighbour, keys, entry)}${text.slice(end)}`;
  const indent = columnOf(text, last.key.range[0]);
  const at = afterLine(text, end);
  const nl = at === text.length && !text.endsWith('\n') ? '\n' : '';
  const gap = blankBetween(
    text,
    map.items.map((p) => p.key as Node),
  )
    ? '\n'
    : '';
  let block: string;
  if (!neighbour || neighbour.flow) block = `${' '.repeat(indent)}${yamlScalar(key)}: ${flowMap(text, neighbour, keys, entry)}\n`;
  else {
    const inner =
      neighbour.items[0]?.key && (neighbour.items[0].key as Node).range
        ? columnOf(text, (neighbour.items[0].key as Node).range![0])
        : indent + 2;
    block = `${' '.repeat(indent)}${yamlScalar(key)}:\n${keys.map((k) => `${' '.repeat(inner)}${k}: ${styled(neighbour, k, entry[k])}\n`).join('')}`;
  }
  return `${text.slice(0, at)}${nl}${gap}${block}${text.slice(at)}`;
}

/** Whether the last two items are separated by a blank line (the new one is then too). */
function blankBetween(text: string, nodes: readonly Node[]): boolean {
  if (nodes.length < 2) return false;
  const a = nodes[nodes.length - 2];
  const b = nodes[nodes.length - 1];
  if (!a.range || !b.range) return false;
  const between = text.slice(afterLine(text, a.range[1]), lineStart(text, b.range[0]));
  return /^[ \t]*$/m.test(between) && between.length > 0;
}

/** Removes the list item or map entry at `path`: its lines, from its first to its last (comments around it stay). */
export function removeAt(text: string, path: Path): string {
  if (!path.length) throw new EditRefused(FIX_MSG.notThere('the document'));
  const doc = parse(text);
  const parent = nodeAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  let start: number | undefined;
  let end: number | undefined;
  if (isSeq(parent) && typeof last === 'number') {
    const item = parent.items[last] as Node | undefined;
    if (!item?.range || parent.flow) throw new EditRefused(FIX_MSG.notThere(path.join('.')));
    start = lineStart(text, item.range[0]);
    end = item.range[1];
  } else if (isMap(parent) && !parent.flow) {
    const pair = parent.items.find((p) => keyOf(p) === String(last));
    const k = pair?.key as Node | undefined;
    if (!pair || !k?.range) throw new EditRefused(FIX_MSG.notThere(path.join('.')));
    start = lineStart(text, k.range[0]);
    end = (pair.value as Node | null)?.range?.[1] ?? k.range[1];
  }
  if (start === undefined || end === undefined) throw new EditRefused(FIX_MSG.notThere(path.join('.')));
  return text.slice(0, start) + text.slice(blankRunEnd(text, start, afterLine(text, end)));
}

/**
 * Where the cut of lines [start, after) ends: past the blank lines that follow it when a blank line (or the
 * start of the text) comes before it, so that an entry set off by blank lines on both sides leaves one blank
 * line, not two.
 */
function blankRunEnd(text: string, start: number, after: number): number {
  const before = text.slice(lineStart(text, Math.max(start - 1, 0)), start);
  if (start > 0 && !/^[ \t]*\r?\n$/.test(before)) return after;
  const run = /^(?:[ \t]*\r?\n)+/.exec(text.slice(after));
  return run ? after + run[0].length : after;
}

/**
 * Whether edited YAML text reads as the gates read it (js-yaml, no fatal problem): an edit never leaves a file
 * that does not parse. Faster than the document API by several times on a large file, and the reader that counts.
 */
export function yamlReadable(text: string): boolean {
  return !parseYaml(text).problems.some((p) => p.fatal);
}

/** Whether YAML text parses (a file that does not is never rewritten). */
export function yamlParses(text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}
