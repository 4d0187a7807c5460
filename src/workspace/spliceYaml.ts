import { isDeepStrictEqual } from 'node:util';
import { mayHaveAlias, parseYaml } from './parseYaml';

/** Files smaller than this are simply parsed: splicing pays only where a parse costs. */
export const SPLICE_MIN = 64 * 1024;

/** A clean parse of one version of a file: its text and the data parsed from it. */
export interface PriorParse {
  text: string;
  data: unknown;
  /** Its content id, when it has one (the parse cache may then store the next version as a splice of it). */
  id?: string;
}

/** Spliced data, with what was replaced: the items at these indexes of the top-level list `key`. */
export interface Spliced {
  data: unknown;
  key: string;
  items: Array<[number, unknown]>;
}

/**
 * The data of `text`, made from the parse of an earlier version of the same file when the two differ
 * inside items of one top-level list (`vms:` then `  - vmid: …` items), as many items as before: each
 * edited item alone is parsed again and put in place of its old value; every other item is the
 * earlier parse's own object. A one-VM edit of a 10,000-VM lifecycle parses one VM, not 6 MB (a ci
 * range parses each commit's version of the file, a hook the staged one, which may edit several VMs
 * since HEAD). Both texts may be given in any one form that keeps YAML's own characters as they are
 * (SourceFile gives a file's bytes as Latin-1, one character per byte, so a 6 MB file is never decoded
 * as UTF-8 to be spliced): `decode` turns an item's text into what it says.
 *
 * Undefined (parse the whole text) at any doubt: small files; an alias anywhere (an item could name
 * an anchor elsewhere); a directive line (`%TAG`); an edit that reaches outside the items of one list, or changes their number (a new item, a new
 * top-level key, the list's own line); an item whose old text does not parse to exactly the old value at its index, or
 * a list that does not hold as many items as the text shows; an item with a problem of its own (a
 * duplicate key, a syntax error): the whole parse reports it where it is.
 */
export function spliceYaml(prior: PriorParse, text: string, decode: (item: string) => string = (s) => s): Spliced | undefined {
  const old = prior.text;
  if (text.length < SPLICE_MIN || old.length < SPLICE_MIN || text === old) return undefined;
  // A directive (`%TAG`) changes what a tag in an item means; the item alone would be read without it.
  if (!isMap(prior.data) || mayHaveAlias(text) || text.startsWith('%') || text.includes('\n%')) return undefined;
  // The changed span: [p, old.length - s) of the old text became [p, text.length - s) of the new.
  const max = Math.min(old.length, text.length);
  const p = sharedPrefix(old, text, max);
  const s = sharedSuffix(old, text, max - p);
  // The top-level key above the change, and the list's item indentation.
  const start = lineStart(text, p);
  const keyAt = topLevelLineBefore(text, start);
  if (keyAt < 0) return undefined;
  const keyLine = /^([A-Za-z_][\w.-]*):[ \t]*(?:#.*)?$/.exec(text.slice(keyAt, lineEnd(text, keyAt)));
  if (!keyLine) return undefined;
  const key = keyLine[1];
  const list = Object.prototype.hasOwnProperty.call(prior.data, key) ? prior.data[key] : undefined;
  if (!Array.isArray(list)) return undefined;
  const firstItem = nextContentLine(text, lineEnd(text, keyAt) + 1);
  const indent = firstItem < 0 ? undefined : /^( *)-(?: |$)/m.exec(text.slice(firstItem, lineEnd(text, firstItem)))?.[1].length;
  if (indent === undefined || firstItem > start) return undefined;
  // Lines by where they start (no line is cut out of a 6 MB text to be looked at): an item line of the
  // list (`  - …` at its indentation), and a line that ends an item (another item, or a top-level line).
  const isItem = (t: string, l: number): boolean => {
    for (let i = 0; i < indent; i++) if (t.charCodeAt(l + i) !== 32) return false;
    if (t.charCodeAt(l + indent) !== 45) return false;
    const after = l + indent + 1;
    const c = t.charCodeAt(after);
    // `-` then a space, a tab or the line's end (a CRLF file's `-\r`): an item that starts on the next line.
    return after === t.length || c === 32 || c === 10 || c === 9 || c === 13;
  };
  const isBoundary = (t: string, l: number): boolean => {
    const c = t.charCodeAt(l);
    return isItem(t, l) || (l < t.length && c !== 10 && c !== 32 && c !== 9 && c !== 35 && c !== 45);
  };
  // The item holding the change's first line, and the line after the change's last one.
  let itemAt = start;
  while (itemAt > keyAt && !isItem(text, itemAt)) itemAt = lineStart(text, itemAt - 1);
  if (itemAt <= keyAt) return undefined;
  const changeEnd = Math.max(p, text.length - s - 1);
  let end = lineEnd(text, changeEnd) + 1;
  while (end < text.length && !isBoundary(text, end)) end = lineEnd(text, end) + 1;
  end = Math.min(end, text.length);
  const oldEnd = end - (text.length - old.length);
  if (oldEnd < old.length - s || (oldEnd > 0 && old.charCodeAt(oldEnd - 1) !== 10 && oldEnd !== old.length)) return undefined;
  // The changed span, item by item: as many items before as after, each edited item parsed alone.
  const newItems = items(text, itemAt, end, isItem, isBoundary);
  const oldItems = items(old, itemAt, oldEnd, isItem, isBoundary);
  if (!newItems || !oldItems || newItems.length !== oldItems.length) return undefined;
  // Which item it is: the item lines between the list's first and this one, counted in the shared prefix.
  const index = countItems(text, firstItem, itemAt, isItem);
  // The list's end must be the file's or the next top-level key's: a line at column 0 inside the list (the
  // continuation of a quoted scalar) would end the count early, and a line inside a scalar that looks like an
  // item would count one too many; together they could balance out.
  const listEnd = blockEnd(old, firstItem, isItem, isBoundary);
  if (
    index + newItems.length > list.length ||
    !endsList(old, listEnd, prior.data, key) ||
    countItems(old, firstItem, listEnd, isItem) !== list.length
  )
    return undefined;
  const next = list.slice();
  const replaced: Array<[number, unknown]> = [];
  for (let j = 0; j < newItems.length; j++) {
    if (newItems[j] === oldItems[j]) continue;
    // A quoted scalar or a flow collection may run over lines, and a line of it may look like an item:
    // an edited item whose lines do not each close what they open is parsed with the whole text.
    if (!linesClosed(oldItems[j]) || !linesClosed(newItems[j])) return undefined;
    const before = parseItem(decode(oldItems[j]));
    if (before === undefined || !isDeepStrictEqual(before, list[index + j])) return undefined;
    const after = parseItem(decode(newItems[j]));
    if (after === undefined) return undefined;
    next[index + j] = after;
    replaced.push([index + j, after]);
  }
  return { data: { ...prior.data, [key]: next }, key, items: replaced };
}

/**
 * How many first characters the two texts share (at most `max`): compared a block at a time (string
 * equality of slices is a memory compare; a loop over characters costs 100 ms on 6 MB), then by character.
 */
function sharedPrefix(a: string, b: string, max: number): number {
  let p = 0;
  for (let step = 1 << 16; step >= 16; step >>= 4) while (p + step <= max && a.slice(p, p + step) === b.slice(p, p + step)) p += step;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** How many last characters the two texts share (at most `max`), as sharedPrefix. */
function sharedSuffix(a: string, b: string, max: number): number {
  let s = 0;
  const at = (t: string, n: number) => t.length - n;
  for (let step = 1 << 16; step >= 16; step >>= 4)
    while (s + step <= max && a.slice(at(a, s + step), at(a, s)) === b.slice(at(b, s + step), at(b, s))) s += step;
  while (s < max && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function lineStart(text: string, at: number): number {
  return at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

/** The start of the nearest line at or before `at` that opens a top-level key (column 0, not a comment or an item); -1 when none. */
function topLevelLineBefore(text: string, at: number): number {
  for (let l = lineStart(text, at); ; l = lineStart(text, l - 1)) {
    const c = text.charCodeAt(l);
    if (l < text.length && c !== 32 && c !== 9 && c !== 35 && c !== 45 && c !== 10 && c !== 13) return l;
    if (l === 0) return -1;
  }
}

/** The first line at or after `at` that is neither blank nor a comment; -1 when none. */
function nextContentLine(text: string, at: number): number {
  for (let l = at; l < text.length; l = lineEnd(text, l) + 1) {
    const line = text.slice(l, lineEnd(text, l));
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) return l;
  }
  return -1;
}

/** Where a line starts or ends, given by where one starts (see spliceYaml's `isItem`). */
type LineTest = (text: string, at: number) => boolean;

/**
 * The lines [from, to) of the text as the items they hold (each from its item line to the next), or
 * undefined when they do not start with an item or a line among them ends the list.
 */
function items(text: string, from: number, to: number, isItem: LineTest, isBoundary: LineTest): string[] | undefined {
  const out: string[] = [];
  let at = -1;
  for (let l = from; l < to; l = lineEnd(text, l) + 1) {
    if (isItem(text, l)) {
      if (at >= 0) out.push(text.slice(at, l));
      at = l;
    } else if (at < 0 || isBoundary(text, l)) return undefined;
  }
  if (at < 0) return undefined;
  out.push(text.slice(at, to));
  return out;
}

/** Item lines in [from, to) of the text. */
function countItems(text: string, from: number, to: number, isItem: LineTest): number {
  let n = 0;
  for (let l = from; l < to; l = lineEnd(text, l) + 1) if (isItem(text, l)) n++;
  return n;
}

/** Where the list that starts at `from` ends: the first line after it that is not part of an item. */
function blockEnd(text: string, from: number, isItem: LineTest, isBoundary: LineTest): number {
  for (let l = from; l < text.length; l = lineEnd(text, l) + 1) if (!isItem(text, l) && isBoundary(text, l)) return l;
  return text.length;
}

/** Whether the line at `at` (where the list ended) is the text's end or a top-level key of the data other than the list's. */
function endsList(text: string, at: number, data: Record<string, unknown>, list: string): boolean {
  if (at >= text.length) return true;
  const k = /^([A-Za-z_][\w.-]*):(?:[ \t\r]|$)/.exec(text.slice(at, lineEnd(text, at)))?.[1];
  return k !== undefined && k !== list && Object.prototype.hasOwnProperty.call(data, k);
}

/**
 * Whether every line of an item's text closes what it opens: an even number of double quotes not escaped, of
 * single quotes, and as many `[`/`{` as `]`/`}`. Conservative: an apostrophe in a plain scalar (`it's`) also
 * sends the text to a whole parse, which is only slower.
 */
function linesClosed(item: string): boolean {
  let dq = 0;
  let sq = 0;
  let open = 0;
  for (let i = 0; i <= item.length; i++) {
    const c = i < item.length ? item.charCodeAt(i) : 10;
    if (c === 10) {
      if (dq % 2 || sq % 2 || open) return false;
      continue;
    }
    if (c === 34 && item.charCodeAt(i - 1) !== 92) dq++;
    else if (c === 39) sq++;
    else if (c === 91 || c === 123) open++;
    else if (c === 93 || c === 125) open--;
  }
  return true;
}

/** One item's text, parsed as the single item of a list; undefined when it is not exactly that, cleanly. */
function parseItem(item: string): unknown {
  const y = parseYaml(`x:\n${item}`);
  if (y.problems.length || !isMap(y.data) || Object.keys(y.data).length !== 1) return undefined;
  const v = y.data.x;
  return Array.isArray(v) && v.length === 1 ? v[0] : undefined;
}
