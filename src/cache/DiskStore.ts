import { isAscii } from 'node:buffer';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheKey, macOf } from './cacheKey';
import { isLink, realFolder } from './links';

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * JSON text with every character beyond ASCII written as a `\u` escape: the same value to JSON.parse,
 * and an entry DiskStore reads back as a one-byte string, without decoding UTF-8.
 */
export function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What an entry file is called: a hex name, `.json` (temporary files add `.<pid>.tmp`). */
const ENTRY = /^[0-9a-f]{1,64}\.json(\.\d+\.tmp)?$/;
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
/** How often a cache is pruned at most (besides every 64 MiB a process writes). */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
/**
 * How long another version's folder is kept after its last write: two installs of different versions in
 * use on one repository (a global CLI and the repository's own hooks, a bench of two builds) keep each
 * other's caches, and a version no longer used goes a day later.
 */
const OTHER_VERSION_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * How stale an entry's time may be before a hit refreshes it: pruning drops the least recently used,
 * and an hour is fine enough for that, while a metadata write per hit cost a hook ~0.1 ms an entry.
 */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

/** A hit: the entry (the file opened, never a link in its place) is recently used, so pruning keeps it. */
function touch(fd: number, now = Date.now()): void {
  if (now - fs.fstatSync(fd).mtimeMs < TOUCH_AFTER_MS) return;
  const t = new Date(now);
  fs.futimesSync(fd, t, t);
}

/**
 * Entries of a cache under the git common directory (never the working tree or the index), one file
 * each. The first line is the entry's MAC under the user's key (cacheKey.ts), so an entry that was
 * damaged, hand-edited, forged with a recomputed hash or copied from another machine (a restored CI
 * cache) reads as absent: whoever can write `.git` cannot make spine-hooks take a verdict or a parse
 * from it. Without a key there is no cache. What an entry must prove beyond that (which text or
 * inputs it belongs to) is the caller's business.
 *
 * The folder is `<commonDir>/spine-hooks/<kind>/<version>`; if any part of it is a link, or not a
 * folder, the cache is off (a link could send writes and pruning anywhere). Writes go to a temporary
 * file renamed into place (a reader never sees half an entry); a hit refreshes the entry's time when
 * it is over an hour old; the folder is brought under `limit` bytes by dropping the least recently used
 * entries, and the folders of other versions not written for a day are emptied of entries, by the first
 * write of a process at most every ten minutes. Only files named like entries are ever removed, never a folder with anything else in
 * it. Any failure reads as a miss: a cache is only ever a speed-up.
 */
export class DiskStore {
  readonly dir: string;
  /** Bytes this process wrote since it last pruned (it prunes at its first write when pruning is due, then every 64 MiB). */
  private written = -1;
  private safe?: boolean;

  constructor(
    private readonly commonDir: string,
    private readonly parts: readonly [kind: string, version: string],
    private readonly limit: number,
  ) {
    this.dir = path.join(commonDir, 'spine-hooks', ...parts);
  }

  /**
   * The entry's body, when it is there, intact and authenticated. Read, authenticated and decoded as
   * bytes: a body that is ASCII (the caches write JSON with `\u` escapes: see asciiJson) becomes a
   * one-byte string without a UTF-8 pass, and the MAC is taken of the bytes as read, not of a string
   * encoded again.
   */
  read(name: string): string | undefined {
    const key = cacheKey();
    if (!key || !this.folderSafe(false)) return undefined;
    try {
      const file = this.file(name);
      const fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW);
      try {
        const raw = fs.readFileSync(fd);
        const nl = raw.indexOf(10);
        if (nl < 0) return undefined;
        const body = raw.subarray(nl + 1);
        const mac = raw.subarray(0, nl);
        const want = Buffer.from(macOf(body, key));
        if (mac.length !== want.length || !crypto.timingSafeEqual(mac, want)) return undefined;
        touch(fd);
        return isAscii(body) ? body.toString('latin1') : body.toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return undefined;
    }
  }

  /** Whether an entry of that name is there (read says whether it is sound). */
  has(name: string): boolean {
    return this.folderSafe(false) && fs.existsSync(this.file(name));
  }

  write(name: string, body: string): void {
    const key = cacheKey();
    if (!key || !this.folderSafe(true)) return;
    const tmp = `${this.file(name)}.${process.pid}.tmp`;
    try {
      const bytes = Buffer.from(body, 'utf8');
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.writeSync(fd, `${macOf(bytes, key)}\n`);
        fs.writeSync(fd, bytes);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file(name));
      const first = this.written < 0;
      this.written = first ? 0 : this.written + bytes.length;
      if ((first && this.pruneDue()) || this.written > 64 * 1024 * 1024) {
        this.written = 0;
        this.prune();
      }
    } catch {
      // A read-only git directory, a full disk, a file size limit: the run goes on without caching.
      removeQuietly(tmp);
    }
  }

  /**
   * Whether this process's first write should prune: when the folder was last pruned more than
   * PRUNE_EVERY_MS ago (the time of a stamp file, `spine-hooks/.pruned-<kind>-<version>`), or never.
   * Listing and sizing every entry on every hook run would cost more as the cache fills.
   */
  private pruneDue(): boolean {
    const stamp = path.join(this.commonDir, 'spine-hooks', `.pruned-${this.parts.join('-').replace(/[^\w.-]/g, '_')}`);
    try {
      const st = fs.lstatSync(stamp, { throwIfNoEntry: false });
      if (st?.isFile() && Date.now() - st.mtimeMs < PRUNE_EVERY_MS) return false;
      if (st && !st.isFile()) return true;
      const fd = fs.openSync(stamp, fs.constants.O_WRONLY | fs.constants.O_CREAT | NOFOLLOW, 0o600);
      try {
        const now = new Date();
        fs.futimesSync(fd, now, now);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // No stamp to be had: prune.
    }
    return true;
  }

  /**
   * Empties the folders of other versions not written for a day (a folder's time is its last entry
   * written or removed), then drops the least recently used entries beyond the limit (to 3/4 of it).
   */
  prune(now = Date.now()): void {
    if (!this.folderSafe(false)) return;
    const parent = path.dirname(this.dir);
    for (const d of readdir(parent)) {
      const other = path.join(parent, d);
      if (other === this.dir || !realFolder(other)) continue;
      try {
        if (now - fs.lstatSync(other).mtimeMs < OTHER_VERSION_KEPT_MS) continue;
        for (const f of fs.readdirSync(other)) if (ENTRY.test(f)) fs.rmSync(path.join(other, f), { force: true });
        fs.rmdirSync(other);
      } catch {
        // A folder with other files in it stays; another process pruning at the same time.
      }
    }
    try {
      const entries = fs
        .readdirSync(this.dir)
        .filter((name) => ENTRY.test(name))
        .map((name) => {
          const st = fs.lstatSync(path.join(this.dir, name), { throwIfNoEntry: false });
          return st?.isFile() ? { name, size: st.size, time: st.mtimeMs } : undefined;
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

  /**
   * Every folder from the git directory down to the entries is a real folder (made when `create`),
   * none a link: checked once per process.
   */
  private folderSafe(create: boolean): boolean {
    if (this.safe) return true;
    let at = this.commonDir;
    for (const part of ['spine-hooks', ...this.parts]) {
      at = path.join(at, part);
      if (realFolder(at)) continue;
      if (!create || fs.existsSync(at) || isLink(at)) return false;
      try {
        fs.mkdirSync(at);
      } catch {
        return false;
      }
      if (!realFolder(at)) return false;
    }
    return (this.safe = true);
  }

  private file(name: string): string {
    return path.join(this.dir, `${name.replace(/[^0-9a-f]/g, '').slice(0, 64)}.json`);
  }
}

function readdir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Pruning removes what is left (temporary files are named like entries).
  }
}
