import * as jsYaml from 'js-yaml';
import { pointerPath } from './pointerPath';

export { pointerPath };

export interface Position {
  line: number;
  column: number;
}

export interface YamlProblem extends Position {
  message: string;
  /** False when the data is still trustworthy (a duplicate key: the last value wins, as in yq). */
  fatal: boolean;
  /** The duplicated key, for a duplicate key. */
  key?: string;
}

export type YamlPath = ReadonlyArray<string | number>;

export interface ParsedYaml {
  /** Plain JS value of the document (aliases resolved, merge keys applied); null when a fatal problem hides it. */
  data: unknown;
  /** Syntax errors, duplicate keys, alias bombs; a fatal one means there is no data to trust. */
  problems: YamlProblem[];
  /** Position of the value at a path, or of its nearest existing ancestor. */
  pathPosition(path: YamlPath): Position;
  /** The same for a JSON pointer (`/vms/3/status`). */
  pointerPosition(pointer: string): Position;
  /** Position of the key of exactly this path (`hostname:`), or undefined when the text has none. */
  keyPosition(path: YamlPath): Position | undefined;
}

/** An unknown local tag (`!vault |`, `!secret`) is kept as the plain value it tags, not an error. */
const anyLocalTag = (kind: 'scalar' | 'sequence' | 'mapping') =>
  new jsYaml.Type('!', {
    kind,
    multi: true,
    construct: (data: unknown) => data ?? (kind === 'mapping' ? {} : kind === 'sequence' ? [] : ''),
  });

// YAML 1.2 core schema (no timestamps, no yes/no booleans) plus `<<` merge keys, which SSOT files use.
// (`types` is exported at run time but missing from @types/js-yaml.)
const SCHEMA = jsYaml.CORE_SCHEMA.extend({
  implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge],
  explicit: [anyLocalTag('scalar'), anyLocalTag('sequence'), anyLocalTag('mapping')],
});

/** Nodes the data may hold once aliases are expanded: linear in the text, so an alias bomb is refused, not walked. */
export function nodeBudget(text: string): number {
  return Math.max(50_000, 20 * text.length);
}

/**
 * Parses YAML with js-yaml (fast, YAML 1.2). The data comes from one plain parse; positions, needed
 * only for findings, come from a second js-yaml parse with an event listener, made on first use. A
 * duplicate key is reported at both lines and the data kept (last value wins, as yq reads it); an
 * alias bomb or an alias cycle is a fatal problem at the first alias. No second parser is involved.
 */
export function parseYaml(text: string): ParsedYaml {
  let data: unknown;
  const problems: YamlProblem[] = [];
  let positions: YamlPositions | undefined;
  const pos = () => (positions ??= yamlPositions(text));
  try {
    data = jsYaml.load(text, { schema: SCHEMA }) ?? null;
  } catch (err) {
    const e = err instanceof jsYaml.YAMLException ? err : undefined;
    if (e && /^duplicated mapping key/.test(e.reason)) {
      // Recoverable: read it as yq does (the last value wins) and name every duplicate with both lines.
      positions = yamlPositions(text, true);
      data = positions.data;
      for (const d of positions.duplicates) {
        problems.push({
          ...d.second,
          fatal: false,
          key: d.key,
          message: `duplicate key "${d.key}" (also at line ${d.first.line}); the last one wins`,
        });
      }
    } else if (e && /^expected a single document/.test(e.reason)) {
      // js-yaml marks the start of the stream; the problem is where the second document begins.
      problems.push({
        ...secondDocument(text),
        fatal: true,
        message: 'a second YAML document starts here: the file must hold one document',
      });
      data = null;
    } else {
      problems.push({
        ...markAt(text, e?.mark),
        fatal: true,
        message: firstLine(e ? e.reason : String(err)),
      });
      data = null;
    }
  }
  // Without an alias the data is a tree no larger than the text: only aliases can make it explode.
  if (data !== null && typeof data === 'object' && mayHaveAlias(text) && expandedSize(data, nodeBudget(text)) > nodeBudget(text)) {
    const at = firstAlias(text);
    problems.push({
      ...at,
      fatal: true,
      message: `aliases expand to more than ${nodeBudget(text)} nodes, or refer to themselves (an alias bomb): write the values out`,
    });
    data = null;
  }
  return {
    data,
    problems,
    pathPosition: (p) => pos().pathPosition(p),
    pointerPosition: (p) => pos().pathPosition(pointerPath(p)),
    keyPosition: (p) => pos().keyPosition(p),
  };
}

/**
 * Where a js-yaml error points. Errors found before js-yaml tracks lines (a NUL or another character YAML
 * forbids, anywhere in the text) carry line 0 and the offset as their column: their line and column are
 * then worked out from the offset (in the text js-yaml read, without a BOM).
 */
function markAt(text: string, mark: { line: number; column: number; position: number } | undefined): Position {
  if (!mark) return { line: 1, column: 1 };
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstEnd = src.indexOf('\n');
  if (mark.line === 0 && firstEnd >= 0 && mark.position > firstEnd) {
    const start = src.lastIndexOf('\n', mark.position - 1) + 1;
    let line = 1;
    for (let i = src.indexOf('\n'); i >= 0 && i < start; i = src.indexOf('\n', i + 1)) line++;
    return { line, column: mark.position - start + 1 };
  }
  return { line: mark.line + 1, column: mark.column + 1 };
}

interface NodeInfo {
  pos: Position;
  /** The node is an alias (`*name`): what lies below it is written at its anchor, not here. */
  alias: boolean;
  keys?: Map<string, { key: Position; value: NodeInfo }>;
  items?: NodeInfo[];
  /** The `<<` merge key's value, where keys that come from a merge are written. */
  merged?: NodeInfo;
}

interface YamlPositions {
  data: unknown;
  duplicates: Array<{ key: string; first: Position; second: Position }>;
  pathPosition(path: YamlPath): Position;
  keyPosition(path: YamlPath): Position | undefined;
}

interface Frame {
  offset: number;
  closes: Array<{ info: NodeInfo; result: unknown; keyWithValue: boolean }>;
}

/**
 * Positions of every node, by path: a js-yaml parse whose listener sees each node open and close.
 * A container's children close in order (a mapping's as key, value, key, value…), which gives each
 * key and value its own position, an alias its own line (not its anchor's), and a tagged value the
 * line of its tag. `json: true` reads duplicate keys (last wins) so they can be listed.
 */
export function yamlPositions(text: string, json = false): YamlPositions {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const at = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const stack: Frame[] = [];
  const duplicates: YamlPositions['duplicates'] = [];
  let root: NodeInfo | undefined;
  let data: unknown = null;
  try {
    data =
      jsYaml.load(text, {
        schema: SCHEMA,
        json,
        listener(event, state) {
          if (event === 'open') {
            stack.push({ offset: state.position, closes: [] });
            return;
          }
          const frame = stack.pop()!;
          const start = contentStart(text, frame.offset);
          const only = frame.closes.length === 1 ? frame.closes[0] : undefined;
          let info: NodeInfo = { pos: at(start), alias: text[start] === '*' };
          // A block node that turned out to be one flow collection (`{…}` at the top) kept its
          // child's result: it is that child.
          if (only && only.result === state.result && state.result !== null && typeof state.result === 'object') info = only.info;
          else if (!info.alias && state.kind === 'mapping') pairUp(info, frame, duplicates);
          else if (!info.alias && state.kind === 'sequence') info.items = frame.closes.map((c) => c.info);
          const parent = stack[stack.length - 1];
          if (parent) parent.closes.push({ info, result: state.result, keyWithValue: followedByColon(text, state.position) });
          else root = info;
        },
      }) ?? null;
  } catch {
    // The plain parse reports the error; positions then come from what was read before it.
  }
  const fallback: Position = root?.pos ?? { line: 1, column: 1 };
  const child = (info: NodeInfo, seg: string | number): NodeInfo | undefined =>
    info.keys?.get(String(seg))?.value ?? (typeof seg === 'number' ? info.items?.[seg] : undefined);
  return {
    data,
    duplicates,
    pathPosition(path) {
      let info = root;
      let best = fallback;
      for (const seg of path) {
        if (!info || info.alias) break;
        const next = child(info, seg);
        if (!next) {
          if (info.merged) best = info.merged.pos;
          break;
        }
        best = next.pos;
        info = next;
      }
      return best;
    },
    keyPosition(path) {
      if (path.length === 0) return undefined;
      let info = root;
      for (const seg of path.slice(0, -1)) {
        if (!info) return undefined;
        if (info.alias) return info.pos;
        info = child(info, seg);
      }
      if (!info) return undefined;
      if (info.alias) return info.pos;
      const entry = info.keys?.get(String(path[path.length - 1]));
      return entry?.key ?? info.merged?.pos;
    },
  };
}

/** A mapping's children in order: each key, then its value when a `:` followed the key. */
function pairUp(info: NodeInfo, frame: Frame, duplicates: YamlPositions['duplicates']): void {
  info.keys = new Map();
  const c = frame.closes;
  for (let i = 0; i < c.length; i++) {
    const key = c[i];
    const value = key.keyWithValue && i + 1 < c.length ? c[++i].info : { pos: key.info.pos, alias: false };
    const name = String(key.result);
    if (name === '<<') {
      info.merged = value;
      continue;
    }
    const before = info.keys.get(name);
    if (before) duplicates.push({ key: name, first: before.key, second: key.info.pos });
    info.keys.set(name, { key: key.info.pos, value });
  }
}

/** Where a node's content starts: js-yaml opens a value before skipping the spaces, line breaks and comments before it. */
function contentStart(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length;
      i = nl + 1;
    } else return i;
  }
}

/** Whether a `:` follows on the same line (the node just read was a key with a value). */
function followedByColon(text: string, offset: number): boolean {
  let i = offset;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text[i] === ':';
}

/** The number of nodes the data holds with every alias expanded, counting stops past `limit` (a cycle counts as endless). */
function expandedSize(root: object, limit: number): number {
  const memo = new Map<object, number>();
  const visit = (v: unknown): number => {
    if (v === null || typeof v !== 'object') return 1;
    const known = memo.get(v);
    if (known !== undefined) return known;
    memo.set(v, Infinity); // a cycle: an alias inside its own anchor
    let n = 1;
    for (const x of Object.values(v)) {
      n += visit(x);
      if (n > limit) break;
    }
    memo.set(v, n);
    return n;
  };
  return visit(root);
}

/** Where the first alias (`*name`) of the text is, for locating an alias bomb. */
function firstAlias(text: string): Position {
  const m = /(^|[\s[{,:-])\*[^\s,\]}]+/m.exec(text);
  if (!m) return { line: 1, column: 1 };
  const offset = m.index + m[1].length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where a stream's second document starts: its `---` line, or after a `...` that ended the first one,
 * its first line. A marker is only ever at column 1 (YAML forbids `---` and `...` there inside any
 * scalar), and a first `---` before any content opens the first document, not a second one.
 */
function secondDocument(text: string): Position {
  const lines = text.split('\n');
  let started = false;
  let ended = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const here = { line: i + 1, column: 1 };
    if (/^---(\s|$)/.test(l)) {
      if (started) return here;
      started = true;
    } else if (/^\.\.\.(\s|$)/.test(l)) ended = started;
    else if (/^\s*(#|$)/.test(l) || (/^%/.test(l) && (!started || ended))) continue;
    else if (ended) return here;
    else started = true;
  }
  return { line: 1, column: 1 };
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/ \(\d+:\d+\)$/, '')
    .trim();
}

/**
 * Whether the text may use an alias: a `*name` at the start of a line or after white space, `[`, `{`,
 * `,` or `:` (a flow mapping's JSON-like key takes its value right after the colon: `{"k":*a}`), and an
 * anchor `&name` in such a place, or right after a verbatim tag (`!<tag:yaml.org,2002:seq>&a`: js-yaml reads
 * it), for it to name (an alias of no anchor does not parse). YAML puts them
 * there and nowhere else: `vzdump-*.zst` is no alias, and `"*.example.com"` in a file without an anchor
 * names none. Cheap, and never wrong by omission: anything that could be an alias answers yes.
 */
export function mayHaveAlias(text: string): boolean {
  return text.includes('*') && text.includes('&') && /(^|[\s[{,:])\*[^\s,\]}]/m.test(text) && /(^|[\s[{,:>])&[^\s,\]}]/m.test(text);
}
