import { isUtf8 } from 'node:buffer';
import { parseYaml, pointerPath, yamlPositions, type ParsedYaml } from './parseYaml';
import type { ParseCache, Splice } from './Snapshot';
import { parseMarkdown, type MarkdownDoc } from './parseMarkdown';
import type { Position } from './parseYaml';
import { spliceYaml, SPLICE_MIN, type PriorParse } from './spliceYaml';

/** What a file is, with where its first byte that is not UTF-8 sits: known without decoding a valid file. */
export type FileHead =
  { kind: 'missing' } | { kind: 'binary' } | { kind: 'unreadable'; reason: string } | { kind: 'text'; invalid?: Position };

export type FileContent =
  | { kind: 'missing' }
  | { kind: 'binary' }
  /** Present, but not readable as a file: a link out of the checked folder (see resolveLink). */
  | { kind: 'unreadable'; reason: string }
  /** `invalid`: where the first byte that is not UTF-8 sits (the text holds U+FFFD there). */
  | { kind: 'text'; text: string; invalid?: Position };

/**
 * One file of a snapshot, decoded lazily, parsed lazily (at most once per format). Plain UTF-8 bytes are
 * kept and their decoded text is let go once parsed: a 6 MB file decodes to 12 MB of UTF-16 when it holds
 * one character beyond Latin-1, and its text is needed again only for a finding's position.
 */
export class SourceFile {
  private decoded?: FileContent;
  private yamlCache?: ParsedYaml;
  private markdownCache?: MarkdownDoc;
  private frontCache?: ParsedYaml | null;
  /** Whether the bytes are plain UTF-8 text (see plainBytes), once asked. */
  private plain?: boolean;

  constructor(
    readonly path: string,
    private bytes: Buffer | undefined,
    private readonly cache?: { id: string; store: ParseCache },
    private readonly unreadable?: string,
  ) {}

  /** The file's text (or why there is none); a run whose verdicts all come from the cache never decodes it. */
  get content(): FileContent {
    if (!this.decoded) {
      this.decoded = this.unreadable ? { kind: 'unreadable', reason: this.unreadable } : decode(this.bytes);
      // Plain bytes decode to exactly the text again (see letTextGo); others are let go now.
      if (!this.plainBytes()) this.bytes = undefined;
    }
    return this.decoded;
  }

  /** Once parsed, the text of plain bytes goes: decoded again from them if a position is asked for. */
  private letTextGo(): void {
    if (this.plainBytes()) this.decoded = undefined;
  }

  /**
   * What the file is, without decoding it when its bytes are plain UTF-8 (no BOM): a file whose parse
   * comes from the cache is never decoded unless a finding needs a position in it.
   */
  get head(): FileHead {
    if (this.decoded || this.unreadable || !this.plainBytes()) return this.content;
    return { kind: 'text' };
  }

  /** The bytes, when they are text that decodes to exactly itself: UTF-8, no BOM, no NUL where git looks. */
  private plainBytes(): Buffer | undefined {
    const b = this.bytes;
    if (b === undefined) return undefined;
    if (this.plain === undefined)
      this.plain = !b.subarray(0, 8000).includes(0) && !(b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) && isUtf8(b);
    return this.plain ? b : undefined;
  }

  /** The content id (git's blob id) the file was read under, when the snapshot gives one. */
  get id(): string | undefined {
    return this.cache?.id;
  }

  get exists(): boolean {
    return this.unreadable !== undefined || this.bytes !== undefined || (this.decoded !== undefined && this.decoded.kind !== 'missing');
  }

  yaml(): ParsedYaml {
    if (this.yamlCache) return this.yamlCache;
    const cache = this.cache;
    const bytes = this.plainBytes();
    const hit = cache && bytes ? cache.store.get(cache.id, bytes) : undefined;
    if (hit !== undefined) return (this.yamlCache = this.fromCache(hit));
    const tried = bytes !== undefined && bytes.length >= SPLICE_MIN && priors.has(this.path);
    const spliced = tried ? this.splicedBytes(bytes) : undefined;
    if (spliced) return (this.yamlCache = spliced);
    if (this.content.kind !== 'text') throw new Error(`${this.path} is ${this.content.kind}`);
    const y = this.parseCached(this.content.text, bytes, cache !== undefined && bytes !== undefined, !tried);
    // A clean parse of plain bytes finds its positions the way a cached one does (its text decoded again,
    // if ever asked), so that neither the file nor the parse holds the text meanwhile.
    if (bytes === undefined || y.problems.length) return (this.yamlCache = y);
    this.letTextGo();
    return (this.yamlCache = this.fromCache(y.data));
  }

  /**
   * A large file's data spliced into its earlier version's parse (spliceYaml.ts) from its bytes, read as
   * Latin-1 (one character per byte: no UTF-8 decoding of 6 MB, a ci range does it per commit); the text
   * is decoded only if a finding needs a position. Undefined when there is no earlier parse or no splice.
   */
  private splicedBytes(bytes: Buffer): ParsedYaml | undefined {
    const prior = priorOf(this.path);
    if (!prior) return undefined;
    const raw = bytes.toString('latin1');
    const spliced = spliceYaml(prior, raw, utf8OfLatin1);
    if (!spliced) return undefined;
    const y = {
      ...this.fromCache(spliced.data),
      ...(prior.id ? { splice: { base: prior.id, key: spliced.key, items: spliced.items } } : {}),
    };
    const id = this.cache?.id;
    // The next version (a ci range's next commit) splices into this one: its Latin-1 text is at hand.
    rememberParse(this.path, made(raw), bytes.length, spliced.data, id);
    if (this.cache) {
      this.cache.store.set(this.cache.id, bytes, spliced.data, y.splice);
      this.cache.store.noteLatest?.(this.path, this.cache.id);
    }
    return y;
  }

  /** Data from the parse cache; positions, needed only for findings, from a parse of the text made then. */
  private fromCache(data: unknown): ParsedYaml {
    let positions: ReturnType<typeof yamlPositions> | undefined;
    const pos = () => {
      if (this.content.kind !== 'text') throw new Error(`${this.path} is ${this.content.kind}`);
      return (positions ??= yamlPositions(this.content.text));
    };
    return {
      data,
      problems: [],
      pathPosition: (p) => pos().pathPosition(p),
      pointerPosition: (p) => pos().pathPosition(pointerPath(p)),
      keyPosition: (p) => pos().keyPosition(p),
    };
  }

  /**
   * The same blob parses to the same data: a cache keyed by git's blob id skips the YAML parser for
   * files a commit did not change. Positions are only needed for findings; they come from a real
   * parse of the text, made then.
   */
  private parseCached(text: string, bytes: Buffer | undefined, asked = false, splice = true): ParsedYaml {
    if (!this.cache) return parseSpliced(this.path, text, bytes, undefined, splice);
    const hit = asked ? undefined : this.cache.store.get(this.cache.id, text);
    if (hit !== undefined) return this.fromCache(hit);
    const y = parseSpliced(this.path, text, bytes, this.cache.id, splice);
    // Only clean data is cached: a file with a duplicate key is parsed (and reported) every time.
    if (y.problems.length === 0) {
      // A spliced version is stored as what it is: the version it was spliced into, and the items replaced.
      // The text's digest is of its UTF-8 bytes: hashed as they are when at hand, not encoded again.
      this.cache.store.set(this.cache.id, bytes ?? text, y.data, y.splice);
      if (text.length >= SPLICE_MIN) this.cache.store.noteLatest?.(this.path, this.cache.id);
    }
    return y;
  }

  /**
   * The YAML front matter of a Markdown file: the lines between a `---` first line and the next `---` (or
   * `...`) line, parsed with their own line numbers. Undefined when the file has none.
   */
  frontMatter(): ParsedYaml | undefined {
    if (this.content.kind !== 'text') throw new Error(`${this.path} is ${this.content.kind}`);
    if (this.frontCache === undefined) {
      const lines = this.content.text.split('\n');
      const end = /^---[ \t]*\r?$/.test(lines[0]) ? lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)[ \t]*\r?$/.test(l)) : -1;
      // The first line (`---`) stays as an empty line, so a finding in the front matter keeps its line.
      this.frontCache = end > 0 ? parseYaml(['', ...lines.slice(1, end)].join('\n')) : null;
    }
    return this.frontCache ?? undefined;
  }

  /** The Markdown parse: from the parse cache by blob id when the bytes are plain UTF-8 (not even decoded then), else parsed and cached. */
  markdown(): MarkdownDoc {
    if (this.markdownCache) return this.markdownCache;
    const cache = this.cache;
    const bytes = cache?.store.getMarkdown ? this.plainBytes() : undefined;
    const large = bytes !== undefined && bytes.length >= SPLICE_MIN;
    const hit = cache && large ? (cache.store.getMarkdown!(cache.id, bytes) as MarkdownDoc | undefined) : undefined;
    if (hit) return (this.markdownCache = hit);
    if (this.content.kind !== 'text') throw new Error(`${this.path} is ${this.content.kind}`);
    const doc = parseMarkdown(this.content.text);
    // Large documents only (a 10,000-row table): a small one parses faster than its entry is read.
    if (cache?.store.setMarkdown && large) cache.store.setMarkdown(cache.id, bytes, doc);
    this.letTextGo();
    return (this.markdownCache = doc);
  }
}

/**
 * The last clean parse of each large file this process parsed (the version before, in a ci range), by
 * path; its text as Latin-1 is made when a splice asks for it (most runs never splice: --all parses
 * each file once), from the bytes or text already held.
 */
const priors = new Map<string, { text: () => string; data: unknown; id?: string }>();

/** Whether a parse of an earlier version of the path is at hand. */
export const hasPrior = (path: string): boolean => priors.has(path);

/** The earlier parse of the path, its text made now. */
function priorOf(path: string): PriorParse | undefined {
  const p = priors.get(path);
  return p && { text: p.text(), data: p.data, ...(p.id ? { id: p.id } : {}) };
}

/**
 * The Latin-1 form of a text, made when called: of the bytes when given (made here, apart from any
 * scope that holds the text, so that a prior kept for the bytes does not keep the decoded text too).
 */
const latin1Later = (text: string, bytes: Buffer | undefined): (() => string) => (bytes ? latin1OfBytes(bytes) : latin1OfTextLater(text));
const latin1OfBytes = (bytes: Buffer) => () => bytes.toString('latin1');
const latin1OfTextLater = (text: string) => () => latin1OfText(text);
const made = (raw: string) => () => raw;

/** A file's text as its UTF-8 bytes read as Latin-1 (the form priors are kept in), and back. */
const latin1OfText = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
const utf8OfLatin1 = (raw: string): string => Buffer.from(raw, 'latin1').toString('utf8');

/**
 * A clean parse of an earlier version of a large file (HEAD's, read from the parse cache, by its content
 * id), to splice the next one into; `text` gives its UTF-8 bytes read as Latin-1 (made once, when asked
 * for), `size` their length.
 */
export function rememberParse(path: string, text: () => string, size: number, data: unknown, id?: string): void {
  if (size < SPLICE_MIN) return;
  if (priors.size >= 64 && !priors.has(path)) priors.clear();
  let made: string | undefined;
  priors.set(path, { text: () => (made ??= text()), data, ...(id ? { id } : {}) });
}

/**
 * The text parsed, spliced into the parse of the file's previous version where only items of a list
 * changed (see spliceYaml.ts; `splice` false: that was tried on the bytes already): a ci range over
 * one-VM commits parses one VM per commit.
 */
function parseSpliced(path: string, text: string, bytes?: Buffer, id?: string, splice = true): ParsedYaml & { splice?: Splice } {
  const prior = splice && text.length >= SPLICE_MIN ? priorOf(path) : undefined;
  // The text as its UTF-8 bytes read as Latin-1: from the bytes when at hand, and only when a splice asks.
  const raw = latin1Later(text, bytes);
  const spliced = prior ? spliceYaml(prior, raw(), utf8OfLatin1) : undefined;
  let y: ParsedYaml & { splice?: Splice };
  if (spliced === undefined) y = parseYaml(text);
  else {
    const { data, key, items } = spliced;
    let positions: ReturnType<typeof yamlPositions> | undefined;
    const pos = () => (positions ??= yamlPositions(text));
    y = {
      data,
      problems: [],
      pathPosition: (p) => pos().pathPosition(p),
      pointerPosition: (p) => pos().pathPosition(pointerPath(p)),
      keyPosition: (p) => pos().keyPosition(p),
      ...(prior?.id ? { splice: { base: prior.id, key, items } } : {}),
    };
  }
  if (y.problems.length === 0) rememberParse(path, raw, text.length, y.data, id);
  return y;
}

function decode(bytes: Buffer | undefined): FileContent {
  if (bytes === undefined) return { kind: 'missing' };
  // A NUL byte in the first 8000 bytes is git's own test for "binary".
  if (bytes.subarray(0, 8000).includes(0)) return { kind: 'binary' };
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM
  // A Latin-1 byte silently becomes U+FFFD: the value is not what the author wrote, so say where.
  return isUtf8(bytes) ? { kind: 'text', text } : { kind: 'text', text, invalid: firstInvalid(text) };
}

/** Line and column of the first U+FFFD that decoding produced (the replacement character itself is rare in SSOT files). */
function firstInvalid(text: string): Position {
  const i = text.indexOf('\ufffd');
  const before = text.slice(0, Math.max(0, i));
  const line = before.split('\n').length;
  return { line, column: i - before.lastIndexOf('\n') };
}
