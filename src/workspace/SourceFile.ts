import { parseYaml, type ParsedYaml } from './parseYaml';
import type { ParseCache } from './Snapshot';
import { parseMarkdown, type MarkdownDoc } from './parseMarkdown';

export type FileContent = { kind: 'missing' } | { kind: 'binary' } | { kind: 'text'; text: string };

/** One file of a snapshot, decoded once and parsed lazily (at most once per format). */
export class SourceFile {
  readonly content: FileContent;
  private yamlCache?: ParsedYaml;
  private markdownCache?: MarkdownDoc;

  constructor(
    readonly path: string,
    bytes: Buffer | undefined,
    private readonly cache?: { id: string; store: ParseCache },
  ) {
    this.content = decode(bytes);
  }

  get exists(): boolean {
    return this.content.kind !== 'missing';
  }

  yaml(): ParsedYaml {
    if (this.content.kind !== 'text') throw new Error(`${this.path} is ${this.content.kind}`);
    return (this.yamlCache ??= this.parseCached(this.content.text));
  }

  /**
   * The same blob parses to the same data: a cache keyed by git's blob id skips the YAML parser for
   * files a commit did not change. Positions are only needed for findings; they come from a real
   * parse of the text, made then.
   */
  private parseCached(text: string): ParsedYaml {
    if (!this.cache) return parseYaml(text);
    const hit = this.cache.store.get(this.cache.id);
    if (hit !== undefined) {
      let full: ParsedYaml | undefined;
      const parsed = () => (full ??= parseYaml(text));
      return {
        data: hit,
        problems: [],
        pathPosition: (p) => parsed().pathPosition(p),
        pointerPosition: (p) => parsed().pointerPosition(p),
        keyPosition: (p) => parsed().keyPosition(p),
      };
    }
    const y = parseYaml(text);
    if (y.problems.length === 0 && jsonSafe(y.data, 20 * text.length + 1000)) this.cache.store.set(this.cache.id, y.data);
    return y;
  }

  markdown(): MarkdownDoc {
    if (this.content.kind !== 'text') throw new Error(`${this.path} is ${this.content.kind}`);
    return (this.markdownCache ??= parseMarkdown(this.content.text));
  }
}

function decode(bytes: Buffer | undefined): FileContent {
  if (bytes === undefined) return { kind: 'missing' };
  // A NUL byte in the first 8000 bytes is git's own test for "binary".
  if (bytes.subarray(0, 8000).includes(0)) return { kind: 'binary' };
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM
  return { kind: 'text', text };
}

/**
 * Whether data survives a JSON round trip unchanged and stays small when written out: no NaN or
 * Infinity (`.nan`, `.inf` would come back as null), and no alias fan-out (shared references that
 * JSON would expand into a "billion laughs" file). Counts nodes against a budget, then gives up.
 */
function jsonSafe(data: unknown, budget: number): boolean {
  let left = budget;
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    if (--left < 0) return false;
    if (typeof v === 'number' && !Number.isFinite(v)) return false;
    if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
  return true;
}
