import { isDeepStrictEqual } from 'node:util';
import { mayHaveAlias, parseYaml } from './parseYaml';

/** Files smaller than this are simply parsed: splicing pays only where a parse costs. */
export const SPLICE_MIN = 64 * 1024;

/** A clean parse of one version of a file: its text and the data parsed from it. */
export interface PriorParse {
  text: string;
  data: unknown;
}

/**
 * The data of `text`, made from the parse of an earlier version of the same file when the two differ
 * inside items of one top-level list (`vms:` then `  - vmid: …` items), as many items as before: each
 * edited item alone is parsed again and put in place of its old value; every other item is the
 * earlier parse's own object. A one-VM edit of a 10,000-VM lifecycle parses one VM, not 6 MB (a ci
 * range parses each commit's version of the file, a hook the staged one, which may edit several VMs
 * since HEAD).
 *
 * Undefined (parse the whole text) at any doubt: small files; an alias anywhere (an item could name
 * an anchor elsewhere); a directive line (`%TAG`); an edit that reaches outside the items of one list, or changes their number (a new item, a new
 * top-level key, the list's own line); an item whose old text does not parse to exactly the old value at its index, or
 * a list that does not hold as many items as the text shows; an item with a problem of its own (a
 * duplicate key, a syntax error): the whole parse reports it where it is.
 */
export function spliceYaml(prior: PriorParse, text: string): unknown {
  const old = prior.text;
  if (text.length < SPLICE_MIN || old.length < SPLICE_MIN || text === old) return undefined;
  // A directive (`%TAG`) changes what a tag in an item means; the item alone would be read without it.
  if (!isMap(prior.data) || mayHaveAlias(text) || text.startsWith('%') || text.includes('\n%')) return undefined;
  // The changed span: [p, old.length - s) of the old text became [p, text.length - s) of the new.
  const max = Math.min(old.length, text.length);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
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
  const isItem = (line: string) =>
    line.length > indent && line.charCodeAt(indent) === 45 && /^ *-(?: |$)/.test(line) && leading(line) === indent;
  const isBoundary = (line: string) => isItem(line) || (line.length > 0 && !/^[ \t#-]/.test(line));
  // The item holding the change's first line, and the line after the change's last one.
  let itemAt = start;
  while (itemAt > keyAt && !isItem(text.slice(itemAt, lineEnd(text, itemAt)))) itemAt = lineStart(text, itemAt - 1);
  if (itemAt <= keyAt) return undefined;
  const changeEnd = Math.max(p, text.length - s - 1);
  let end = lineEnd(text, changeEnd) + 1;
  while (end < text.length && !isBoundary(text.slice(end, lineEnd(text, end)))) end = lineEnd(text, end) + 1;
  end = Math.min(end, text.length);
  const oldEnd = end - (text.length - old.length);
  if (oldEnd < old.length - s || (oldEnd > 0 && old.charCodeAt(oldEnd - 1) !== 10 && oldEnd !== old.length)) return undefined;
  // The changed span, item by item: as many items before as after, each edited item parsed alone.
  const newItems = items(text.slice(itemAt, end), isItem, isBoundary);
  const oldItems = items(old.slice(itemAt, oldEnd), isItem, isBoundary);
  if (!newItems || !oldItems || newItems.length !== oldItems.length) return undefined;
  // Which item it is: the item lines between the list's first and this one, counted in the shared prefix.
  const index = countItems(text, firstItem, itemAt, isItem);
  if (index + newItems.length > list.length || countItems(old, firstItem, blockEnd(old, firstItem, isItem), isItem) !== list.length)
    return undefined;
  const next = list.slice();
  for (let j = 0; j < newItems.length; j++) {
    if (newItems[j] === oldItems[j]) continue;
    const before = parseItem(oldItems[j]);
    if (before === undefined || !isDeepStrictEqual(before, list[index + j])) return undefined;
    const after = parseItem(newItems[j]);
    if (after === undefined) return undefined;
    next[index + j] = after;
  }
  return { ...prior.data, [key]: next };
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function lineStart(text: string, at: number): number {
  return at <= 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

function leading(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
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

/**
 * A span of lines as the items it holds (each from its item line to the next), or undefined when it
 * does not start with an item or a line in it ends the list.
 */
function items(span: string, isItem: (line: string) => boolean, isBoundary: (line: string) => boolean): string[] | undefined {
  const out: string[] = [];
  let from = -1;
  for (let l = 0; l < span.length;) {
    const e = lineEnd(span, l);
    const line = span.slice(l, e);
    if (isItem(line)) {
      if (from >= 0) out.push(span.slice(from, l));
      from = l;
    } else if (isBoundary(line) || from < 0) return undefined;
    l = e + 1;
  }
  if (from < 0) return undefined;
  out.push(span.slice(from));
  return out;
}

/** Item lines in [from, to) of the text. */
function countItems(text: string, from: number, to: number, isItem: (line: string) => boolean): number {
  let n = 0;
  for (let l = from; l < to; l = lineEnd(text, l) + 1) if (isItem(text.slice(l, lineEnd(text, l)))) n++;
  return n;
}

/** Where the list that starts at `from` ends: the first line after it that is not part of an item. */
function blockEnd(text: string, from: number, isItem: (line: string) => boolean): number {
  for (let l = from; l < text.length; l = lineEnd(text, l) + 1) {
    const line = text.slice(l, lineEnd(text, l));
    if (!isItem(line) && line.length > 0 && !/^[ \t#-]/.test(line)) return l;
  }
  return text.length;
}

/** One item's text, parsed as the single item of a list; undefined when it is not exactly that, cleanly. */
function parseItem(item: string): unknown {
  const y = parseYaml(`x:\n${item}`);
  if (y.problems.length || !isMap(y.data) || Object.keys(y.data).length !== 1) return undefined;
  const v = y.data.x;
  return Array.isArray(v) && v.length === 1 ? v[0] : undefined;
}
