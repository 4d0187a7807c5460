import * as jsYaml from 'js-yaml';
import type { Document, LineCounter, Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

export interface YamlProblem extends Position {
  message: string;
}

export interface ParsedYaml {
  /** Plain JS value of the document (aliases resolved, merge keys applied); null when it has problems. */
  data: unknown;
  /** Syntax errors, duplicate keys and the like; non-empty means the data must not be trusted. */
  problems: YamlProblem[];
  /** The full syntax tree with source ranges, built on first use: only findings and errors need positions. */
  doc(): Document.Parsed;
  nodePosition(node: unknown): Position | undefined;
  /** Position of the value at a path, or of its nearest existing ancestor. */
  pathPosition(path: ReadonlyArray<string | number>): Position;
  /** The same for a JSON pointer (`/vms/3/status`). */
  pointerPosition(pointer: string): Position;
  /** Position of the key of exactly this path (`hostname:`), or undefined when there is none. */
  keyPosition(path: ReadonlyArray<string | number>): Position | undefined;
}

// YAML 1.2 core schema (no timestamps, no yes/no booleans) plus `<<` merge keys, which SSOT files use.
// (`types` is exported at runtime but missing from @types/js-yaml.)
const SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge] });

/**
 * Two parsers, each for what it is best at: js-yaml builds the data (several times faster, which
 * keeps the hook quick), and the `yaml` package's tree, built lazily, gives line:column positions and
 * the wording of syntax errors. Both read YAML 1.2 and reject duplicate keys.
 */
export function parseYaml(text: string): ParsedYaml {
  let tree: { doc: Document.Parsed; lineCounter: LineCounter } | undefined;
  const full = () => {
    if (!tree) {
      const { LineCounter, parseDocument } = yamlLib();
      const lineCounter = new LineCounter();
      tree = { doc: parseDocument(text, { lineCounter, merge: true, prettyErrors: false }), lineCounter };
    }
    return tree;
  };
  const positionOf = (offset: number): Position => {
    const { line, col } = full().lineCounter.linePos(offset);
    return { line, column: col };
  };
  const nodePosition = (node: unknown) => (yamlLib().isNode(node) && (node as Node).range ? positionOf((node as Node).range![0]) : undefined);
  const pathPosition = (path: ReadonlyArray<string | number>): Position => {
    const doc = full().doc;
    for (let n = path.length; n >= 0; n--) {
      const pos = nodePosition(n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true));
      if (pos) return pos;
    }
    return { line: 1, column: 1 };
  };
  const pointerPosition = (pointer: string) => pathPosition(pointerPath(pointer));
  const keyPosition = (path: ReadonlyArray<string | number>): Position | undefined => {
    const parent = path.length > 1 ? full().doc.getIn(path.slice(0, -1), true) : full().doc.contents;
    const last = String(path[path.length - 1]);
    const { isMap, isScalar } = yamlLib();
    if (!isMap(parent)) return undefined;
    const pair = parent.items.find((it) => String(isScalar(it.key) ? it.key.value : it.key) === last);
    return pair ? (nodePosition(pair.key) ?? nodePosition(pair.value)) : undefined;
  };

  let data: unknown = null;
  const problems: YamlProblem[] = [];
  try {
    data = jsYaml.load(text, { schema: SCHEMA }) ?? null;
  } catch (err) {
    // Prefer the `yaml` package's wording and position; fall back to js-yaml's mark.
    const e = full().doc.errors[0];
    if (e) problems.push({ ...positionOf(e.pos[0]), message: firstLine(e.message) });
    else {
      const mark = err instanceof jsYaml.YAMLException ? err.mark : undefined;
      problems.push({ line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1, message: firstLine((err as Error).message) });
    }
  }
  return { data, problems, doc: () => full().doc, nodePosition, pathPosition, pointerPosition, keyPosition };
}

/** The `yaml` package, loaded on first use: a passing run never needs positions. */
function yamlLib(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml');
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
