import type { ParseCache } from './Snapshot';
import { version } from '../version';
import * as crypto from 'node:crypto';
import { asciiJson, DiskStore } from '../cache/DiskStore';

/**
 * Parsed YAML data by git blob id, as files under <git-common-dir>/spine-hooks/cache/ (never in the
 * working tree or the index); the tool version is part of the path so a new parser never reads an
 * old entry. An entry is trusted only when it proves it belongs to the text being read: its first
 * line is the MAC of the rest under the user's key (a damaged, forged or copied entry fails: see
 * DiskStore), and the rest names the blob id
 * and the hash of the text it was parsed from (a stale or misplaced entry fails). Any doubt, any
 * failure to read or write: parse again. The cache is only ever a speed-up.
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
    const body = this.store.read(id);
    if (body === undefined) return undefined;
    try {
      const entry = JSON.parse(body) as { blob?: unknown; text?: unknown; data?: unknown };
      if (entry.blob !== id || entry.text !== textDigest(text) || !('data' in entry)) return undefined;
      return entry.data;
    } catch {
      return undefined;
    }
  }

  set(id: string, text: string, data: unknown): void {
    if (this.opts.write === false) return;
    const json = JSON.stringify(data);
    // NaN and Infinity (`.nan`, `.inf`) would come back as null: such data is not cached.
    if (json === undefined || (json.includes('null') && !jsonSafe(data))) return;
    this.store.write(id, `{"blob":${JSON.stringify(id)},"text":"${textDigest(text)}","data":${asciiJson(json)}}`);
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

  has(id: string): boolean {
    return this.store.has(id);
  }

  prune(): void {
    this.store.prune();
  }
}

/** The entry naming a path's latest parsed version (an entry name no blob id can take: 64 hex digits). */
const latestName = (path: string): string => crypto.createHash('sha256').update(`latest\0${path}`).digest('hex');

/** SHA-256 of the text's UTF-8 bytes: the same whether given the text or those bytes. */
const textDigest = (text: string | Buffer): string => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Whether data survives a JSON round trip unchanged: no NaN or Infinity (`.nan`, `.inf` would come
 * back as null). Alias fan-out was bounded when the text was parsed (see nodeBudget).
 */
function jsonSafe(data: unknown): boolean {
  const stack: unknown[] = [data];
  const seen = new Set<object>();
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'number' && !Number.isFinite(v)) return false;
    if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      for (const x of Object.values(v)) stack.push(x);
    }
  }
  return true;
}
