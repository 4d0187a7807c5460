import * as jsYaml from 'js-yaml';

export interface Position {
  line: number;
  column: number;
}

export interface YamlProblem extends Position {
  message: string;
}

export type YamlPath = ReadonlyArray<string | number>;

export interface ParsedYaml {
  /** Plain JS value of the document (aliases resolved, merge keys applied); null when it has problems. */
  data: unknown;
  /** Syntax errors, duplicate keys and the like; non-empty means the data must not be trusted. */
  problems: YamlProblem[];
  /** Position of the value at a path, or of its nearest existing ancestor. */
  pathPosition(path: YamlPath): Position;
  /** The same for a JSON pointer (`/vms/3/status`). */
  pointerPosition(pointer: string): Position;
  /** Position of the key of exactly this path (`hostname:`), or undefined when the text has none. */
  keyPosition(path: YamlPath): Position | undefined;
}

// YAML 1.2 core schema (no timestamps, no yes/no booleans) plus `<<` merge keys, which SSOT files use.
// (`types` is exported at run time but missing from @types/js-yaml.)
const SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge] });

/**
 * Parses YAML with js-yaml (fast, YAML 1.2, duplicate keys rejected), recording where every map and
 * list starts through its event listener; key positions are then found by scanning that node's lines.
 * This keeps positions exact for the block-style files SSOT repositories use without a second,
 * slower, syntax-tree parse. Syntax errors are worded by the `yaml` package, loaded only then.
 */
export function parseYaml(text: string): ParsedYaml {
  const starts = new WeakMap<object, Position>();
  const stack: number[] = [];
  let data: unknown = null;
  const problems: YamlProblem[] = [];
  try {
    data =
      jsYaml.load(text, {
        schema: SCHEMA,
        listener(event, state) {
          if (event === 'open') {
            stack.push(state.line + 1, state.position - state.lineStart + 1);
          } else {
            const column = stack.pop()!;
            const line = stack.pop()!;
            const r = state.result as unknown;
            if (r !== null && typeof r === 'object' && !starts.has(r)) starts.set(r, { line, column });
          }
        },
      }) ?? null;
  } catch (err) {
    problems.push(describeError(text, err));
    data = null;
  }

  const lines = text.split(/\r?\n/);
  const root: Position = { line: 1, column: 1 };

  // js-yaml opens a block map or list right after its parent's `key:`; its real start is the first
  // line of content below.
  const startOf = (obj: object): Position | undefined => {
    const at = starts.get(obj);
    if (!at) return undefined;
    const rest = lines[at.line - 1]?.slice(at.column - 1) ?? '';
    if (rest.trim() !== '' && !rest.trimStart().startsWith('#')) return at;
    for (let ln = at.line + 1; ln <= lines.length; ln++) {
      const t = lines[ln - 1].trimStart();
      if (t !== '' && !t.startsWith('#')) {
        // A block list item's map starts after its `- `.
        const lead = lines[ln - 1].length - t.length + (/^-\s/.test(t) && !Array.isArray(obj) ? t.match(/^-\s+/)![0].length : 0);
        return { line: ln, column: lead + 1 };
      }
    }
    return at;
  };
  const keyIn = (container: object, key: string): Position | undefined => {
    const at = startOf(container);
    return at ? findKey(lines, at, key) : undefined;
  };
  const pathPosition = (path: YamlPath): Position => {
    let cur: unknown = data;
    let best = (isObject(cur) && startOf(cur)) || root;
    for (const seg of path) {
      if (!isObject(cur) || !(seg in cur)) break;
      const parent = cur as Record<string | number, unknown>;
      cur = parent[seg];
      // A map or list has its own start; a scalar is found by its key.
      const own = isObject(cur) ? startOf(cur) : undefined;
      best = own ?? (Array.isArray(parent) ? undefined : keyIn(parent, String(seg))) ?? best;
    }
    return best;
  };
  const keyPosition = (path: YamlPath): Position | undefined => {
    if (path.length === 0) return undefined;
    let container: unknown = data;
    for (const seg of path.slice(0, -1)) {
      if (container === null || typeof container !== 'object') return undefined;
      container = (container as Record<string | number, unknown>)[seg];
    }
    if (container === null || typeof container !== 'object' || Array.isArray(container)) return undefined;
    const key = String(path[path.length - 1]);
    return key in container ? keyIn(container, key) : undefined;
  };
  return { data, problems, pathPosition, pointerPosition: (p) => pathPosition(pointerPath(p)), keyPosition };
}

/**
 * Finds `key:` among the keys of the map starting at `start`: on its first line at or after its column
 * (`- id: 1`, `{ id: 1, host: x }`), and on later lines only at exactly its indentation, stopping
 * where the map ends (a non-blank, non-comment line indented less).
 */
function findKey(lines: string[], start: Position, key: string): Position | undefined {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[\\s{,])(["']?)${esc}\\2\\s*:(?=\\s|$)`, 'g');
  const indent = start.column - 1;
  for (let ln = start.line; ln <= lines.length; ln++) {
    const text = lines[ln - 1];
    if (ln > start.line) {
      const trimmed = text.trimStart();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const lead = text.length - trimmed.length;
      if (lead < indent) break;
      if (lead > indent) continue;
    }
    re.lastIndex = Math.max(0, indent - 1);
    const m = re.exec(text);
    if (m) return { line: ln, column: m.index + m[1].length + 1 };
    // A flow map (`{ id: a, host: b }`) is searched on its first line only.
    if (ln === start.line && text[indent] === '{') break;
  }
  return undefined;
}

function isObject(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

function describeError(text: string, err: unknown): YamlProblem {
  // The `yaml` package words syntax errors better ("Map keys must be unique"); it is loaded only here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseDocument, LineCounter } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const e = parseDocument(text, { lineCounter, merge: true, prettyErrors: false }).errors[0];
  if (e) {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    return { line, column: col, message: firstLine(e.message) };
  }
  const mark = err instanceof jsYaml.YAMLException ? err.mark : undefined;
  return { line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1, message: firstLine(err instanceof jsYaml.YAMLException ? err.reason : String(err)) };
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/ \(\d+:\d+\)$/, '')
    .trim();
}

export function pointerPath(pointer: string): Array<string | number> {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
