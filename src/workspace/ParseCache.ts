import type { ParseCache, SameAs, Splice } from './Snapshot';
import { version } from '../version';
import * as crypto from 'node:crypto';
import { asciiJson, DiskStore } from '../cache/DiskStore';

/**
 * Parsed YAML data by git blob id, as files under <git-common-dir>/spine-hooks/cache/ (never in the
 * working tree or the index); the tool version is part of the path so a new parser never reads an
 * old entry. An entry is trusted only when it proves it belongs to the text being read: its first
 * line is the MAC of the rest under the user's key (a damaged, forged or copied entry fails: see
 * DiskStore), and the rest names the blob id
 * and the hash of the text it was parsed from (a stale or misplaced entry fails). A version spliced
 * into another's parse (spliceYaml.ts: a one-VM edit) is stored as that: the other version's content
 * id and the items replaced, read back as that version's whole entry (which names its own blob) with
 * the items put in place; a hook's one-VM edit of a 6 MB lifecycle writes a few hundred bytes, not the
 * 6 MB again. A splice is always of a whole entry (a splice of a splice is stored as one of its base).
 * Any doubt, any failure to read or write: parse again. The cache is only ever a speed-up.
 *
 * Its size is bounded (CACHE_LIMIT): see DiskStore.
 */
export const CACHE_LIMIT = 256 * 1024 * 1024;

export class GitParseCache implements ParseCache {
  private readonly store: DiskStore;

  /** `write: false`: only reads (a commit of a range: its verdicts are cached, its parses would only be in the way). */
  constructor(
    commonDir: string,
    limit = CACHE_LIMIT,
    private readonly opts: { write?: boolean } = {},
  ) {
    this.store = new DiskStore(commonDir, ['cache', `v${version()}`], limit);
  }

  get(id: string, text: string | Buffer): unknown {
    const entry = this.entry(id);
    if (entry === undefined || entry.text !== textDigest(text)) return undefined;
    if ('data' in entry) return entry.data;
    // A splice of another version: that version's data (a whole entry, which names its blob) with the items replaced.
    const base = this.entry(entry.base);
    if (!base || !('data' in base)) return undefined;
    return applySplice(base.data, entry);
  }

  set(id: string, text: string | Buffer, data: unknown, splice?: Splice): void {
    if (this.opts.write === false) return;
    const head = `{"blob":${JSON.stringify(id)},"text":"${textDigest(text)}"`;
    const delta = splice && this.spliceOfWhole(splice);
    if (delta) {
      const json = JSON.stringify(delta.items);
      if (json !== undefined && (!json.includes('null') || jsonSafe(delta.items)))
        return this.store.write(
          id,
          `${head},"base":${JSON.stringify(delta.base)},"key":${JSON.stringify(delta.key)},"items":${asciiJson(json)}}`,
        );
    }
    const json = JSON.stringify(data);
    // NaN and Infinity (`.nan`, `.inf`) would come back as null: such data is not cached.
    if (json === undefined || (json.includes('null') && !jsonSafe(data))) return;
    this.store.write(id, `${head},"data":${asciiJson(json)}}`);
  }

  /**
   * The splice as one of a whole entry: a splice of a version that is itself stored as a splice is the
   * splice of that one's base, with both sets of items (the later winning). Undefined: store the data whole.
   */
  private spliceOfWhole(splice: Splice): Splice | undefined {
    const body = this.store.read(splice.base);
    // A whole entry says so at its start (it is ours: authenticated), and is not parsed to be told apart.
    const kind = body && /^\{"blob":"[0-9a-f]{40,64}","text":"[0-9a-f]{64}","(data|base)":/.exec(body.slice(0, 160))?.[1];
    if (kind === 'data') return splice;
    const base = kind === 'base' ? this.entry(splice.base, body) : undefined;
    if (!base || 'data' in base) return undefined;
    if (base.key !== splice.key) return undefined;
    const items = new Map<number, unknown>(base.items);
    for (const [i, item] of splice.items) items.set(i, item);
    return { base: base.base, key: splice.key, items: [...items] };
  }

  /** An entry of the content id that names it: its data, or how it is spliced from another. */
  private entry(id: string, read?: string): Entry | undefined {
    const body = read ?? this.store.read(id);
    if (body === undefined) return undefined;
    try {
      const e = JSON.parse(body) as Record<string, unknown>;
      if (e.blob !== id || typeof e.text !== 'string') return undefined;
      if ('data' in e) return { text: e.text, data: e.data };
      const { base, key, items } = e;
      if (typeof base !== 'string' || base === id || typeof key !== 'string' || !Array.isArray(items)) return undefined;
      if (!items.every((x) => Array.isArray(x) && x.length === 2 && Number.isInteger(x[0]) && (x[0] as number) >= 0)) return undefined;
      return { text: e.text, base, key, items: items as Array<[number, unknown]> };
    } catch {
      return undefined;
    }
  }

  getMarkdown(id: string, text: string | Buffer): unknown {
    const body = this.store.read(markdownName(id));
    try {
      const e = body === undefined ? undefined : (JSON.parse(body) as { markdown?: unknown; text?: unknown; doc?: unknown });
      return e?.markdown === id && e.text === textDigest(text) && e.doc !== null && typeof e.doc === 'object' ? e.doc : undefined;
    } catch {
      return undefined;
    }
  }

  setMarkdown(id: string, text: string | Buffer, doc: unknown): void {
    if (this.opts.write === false) return;
    const json = JSON.stringify(doc);
    if (json !== undefined)
      this.store.write(markdownName(id), `{"markdown":${JSON.stringify(id)},"text":"${textDigest(text)}","doc":${asciiJson(json)}}`);
  }

  latest(path: string): string | undefined {
    const body = this.store.read(latestName(path));
    try {
      const e = body === undefined ? undefined : (JSON.parse(body) as { path?: unknown; blob?: unknown });
      return e?.path === path && typeof e.blob === 'string' && /^[0-9a-f]{40,64}$/.test(e.blob) ? e.blob : undefined;
    } catch {
      return undefined;
    }
  }

  noteLatest(path: string, id: string): void {
    if (this.opts.write !== false) this.store.write(latestName(path), JSON.stringify({ path, blob: id }));
  }

  sameAs(id: string): SameAs | undefined {
    const body = this.store.read(sameAsName(id));
    try {
      const e = body === undefined ? undefined : (JSON.parse(body) as { edit?: unknown; as?: unknown; end?: unknown });
      return e?.edit === id &&
        typeof e.as === 'string' &&
        /^[0-9a-f]{40,64}$/.test(e.as) &&
        Number.isInteger(e.end) &&
        (e.end as number) >= 0
        ? { id: e.as, contentEnd: e.end as number }
        : undefined;
    } catch {
      return undefined;
    }
  }

  setSameAs(id: string, same: SameAs): void {
    if (this.opts.write !== false) this.store.write(sameAsName(id), JSON.stringify({ edit: id, as: same.id, end: same.contentEnd }));
  }

  has(id: string): boolean {
    return this.store.has(id);
  }

  prune(): void {
    this.store.prune();
  }
}

type Entry = { text: string; data: unknown } | ({ text: string } & Splice);

/** A whole version's data with a splice's items put in place; undefined when they do not fit its list. */
function applySplice(data: unknown, splice: Splice): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const doc = data as Record<string, unknown>;
  const list = Object.prototype.hasOwnProperty.call(doc, splice.key) ? doc[splice.key] : undefined;
  if (!Array.isArray(list) || splice.items.some(([i]) => i >= list.length)) return undefined;
  const next = list.slice();
  for (const [i, item] of splice.items) next[i] = item;
  return { ...doc, [splice.key]: next };
}

/** The entry holding a Markdown file's parse (an entry name no blob id can take: 64 hex digits). */
const markdownName = (id: string): string => crypto.createHash('sha256').update(`markdown\0${id}`).digest('hex');

/**
 * The entry naming the version whose verdicts hold for an edit of comments (an entry name no blob id can
 * take). `2`: what earlier builds of this version found (a `#"` line closing a quoted string taken for a
 * comment) is not read.
 */
const sameAsName = (id: string): string => crypto.createHash('sha256').update(`same-as 2\0${id}`).digest('hex');

/** The entry naming a path's latest parsed version (an entry name no blob id can take: 64 hex digits). */
const latestName = (path: string): string => crypto.createHash('sha256').update(`latest\0${path}`).digest('hex');

/** SHA-256 of the text's UTF-8 bytes: the same whether given the text or those bytes. */
const textDigest = (text: string | Buffer): string => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Whether data survives a JSON round trip unchanged: no NaN or Infinity (`.nan`, `.inf` would come
 * back as null). Asked only of data JSON.stringify just wrote out, so it holds no cycle, and a value
 * reached twice (an alias) is walked twice, no more than the JSON text itself spells out (alias
 * fan-out was bounded when the text was parsed: see nodeBudget); no set of every object seen is built.
 */
function jsonSafe(data: unknown): boolean {
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return false;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return true;
}
