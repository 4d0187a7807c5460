import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Entries of a cache under the git common directory (never the working tree or the index), one file
 * each: the first line is the hash of the rest, so a damaged or hand-edited entry reads as absent.
 * What an entry must prove beyond that (which text or inputs it belongs to) is the caller's business.
 * Writes go to a temporary file renamed into place (a reader never sees half an entry); a hit
 * refreshes the entry's time; the folder stays under `limit` bytes by dropping the least recently
 * used entries, and the sibling folders of other versions go. Any failure reads as a miss: a cache
 * is only ever a speed-up.
 */
export class DiskStore {
  /** Bytes this process wrote since it last pruned (it prunes after its first write, then every 64 MiB). */
  private written = -1;

  constructor(
    readonly dir: string,
    private readonly limit: number,
  ) {}

  /** The entry's body, when it is there and intact. */
  read(name: string): string | undefined {
    try {
      const file = this.file(name);
      const raw = fs.readFileSync(file, 'utf8');
      const nl = raw.indexOf('\n');
      const body = raw.slice(nl + 1);
      if (nl !== 64 || raw.slice(0, nl) !== sha256(body)) return undefined;
      // Recently used: pruning keeps it.
      const now = new Date();
      fs.utimesSync(file, now, now);
      return body;
    } catch {
      return undefined;
    }
  }

  write(name: string, body: string): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file(name)}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${sha256(body)}\n${body}`);
      fs.renameSync(tmp, this.file(name));
      this.written = this.written < 0 ? Infinity : this.written + body.length;
      if (this.written > 64 * 1024 * 1024) {
        this.written = 0;
        this.prune();
      }
    } catch {
      // A read-only git directory is fine.
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
      // Another process pruning at the same time, a read-only folder.
    }
  }

  private file(name: string): string {
    return path.join(this.dir, `${name.replace(/[^0-9a-f]/g, '')}.json`);
  }
}
