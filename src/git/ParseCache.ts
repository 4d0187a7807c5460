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
 */
export class GitParseCache implements ParseCache {
  private readonly dir: string;

  constructor(commonDir: string) {
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
    } catch {
      // A read-only git directory is fine: the cache is only a speed-up.
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
