import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParseCache } from '../workspace/Snapshot';
import { version } from '../version';

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Parsed YAML data by git blob id, as files under <git-common-dir>/spine-hooks/cache/ (never in the
 * working tree or the index); the tool version is part of the path so a new parser never reads an
 * old entry. An entry is trusted only when it proves it belongs to the text being read: its first
 * line is the hash of the rest (a damaged or hand-edited entry fails), and the rest names the blob id
 * and the hash of the text it was parsed from (a stale or misplaced entry fails). Any doubt, any
 * failure to read or write: parse again. The cache is only ever a speed-up.
 *
 * Its size is bounded (CACHE_LIMIT): a process that writes entries then removes the least recently
 * used ones (a hit refreshes an entry's time) beyond the limit, and the folders of other versions.
 */
export const CACHE_LIMIT = 256 * 1024 * 1024;

export class GitParseCache implements ParseCache {
  private readonly dir: string;
  /** Bytes this process wrote since it last pruned (it prunes after its first write, then every 64 MiB). */
  private written = -1;

  constructor(
    commonDir: string,
    private readonly limit = CACHE_LIMIT,
  ) {
    this.dir = path.join(commonDir, 'spine-hooks', 'cache', `v${version()}`);
  }

  get(id: string, text: string): unknown | undefined {
    try {
      const raw = fs.readFileSync(this.file(id), 'utf8');
      const nl = raw.indexOf('\n');
      const body = raw.slice(nl + 1);
      if (nl !== 64 || raw.slice(0, nl) !== sha256(body)) return undefined;
      const entry = JSON.parse(body) as { blob?: unknown; text?: unknown; data?: unknown };
      if (entry.blob !== id || entry.text !== sha256(text) || !('data' in entry)) return undefined;
      // Recently used: pruning keeps it.
      const now = new Date();
      fs.utimesSync(this.file(id), now, now);
      return entry.data;
    } catch {
      return undefined;
    }
  }

  set(id: string, text: string, data: unknown): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const json = JSON.stringify(data);
      // NaN and Infinity (`.nan`, `.inf`) would come back as null: such data is not cached.
      if (json === undefined || (json.includes('null') && !jsonSafe(data))) return;
      const body = `{"blob":${JSON.stringify(id)},"text":"${sha256(text)}","data":${json}}`;
      // Write then rename: a reader never sees half a file, even with two hooks at once.
      const tmp = `${this.file(id)}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${sha256(body)}\n${body}`);
      fs.renameSync(tmp, this.file(id));
      this.written = this.written < 0 ? Infinity : this.written + body.length;
      if (this.written > 64 * 1024 * 1024) {
        this.written = 0;
        this.prune();
      }
    } catch {
      // A read-only git directory is fine: the cache is only a speed-up.
    }
  }

  /** Removes other versions' folders, then the least recently used entries beyond the limit (to 3/4 of it). */
  prune(): void {
    try {
      const parent = path.dirname(this.dir);
      for (const d of fs.readdirSync(parent)) if (path.join(parent, d) !== this.dir) fs.rmSync(path.join(parent, d), { recursive: true, force: true });
      const entries = fs
        .readdirSync(this.dir)
        .map((name) => {
          const st = fs.statSync(path.join(this.dir, name), { throwIfNoEntry: false });
          return st ? { name, size: st.size, time: st.mtimeMs } : undefined;
        })
        .filter((e): e is { name: string; size: number; time: number } => e !== undefined)
        .sort((a, b) => b.time - a.time);
      let total = entries.reduce((n, e) => n + e.size, 0);
      if (total <= this.limit) return;
      while (entries.length && total > (this.limit * 3) / 4) {
        const e = entries.pop()!;
        fs.rmSync(path.join(this.dir, e.name), { force: true });
        total -= e.size;
      }
    } catch {
      // Another process pruning at the same time, a read-only folder: the cache is only a speed-up.
    }
  }

  private file(id: string): string {
    return path.join(this.dir, `${id.replace(/[^0-9a-f]/g, '')}.json`);
  }
}

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
