import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLink } from './links';
import { userCacheDir } from './userCacheDir';
import { makeDirs } from './makeDirs';

/**
 * The secret that authenticates what spine-hooks keeps under a git directory (parse cache, verdict
 * cache, the hook script's gated-path list). Everything under `.git` can be written by any local
 * step (an agent, a script, a restored CI cache), so an entry counts only when it carries a MAC
 * made with this key, which lives outside every repository and every `.git`: one per user and
 * machine, in the user's cache folder (`$XDG_CACHE_HOME/spine-hooks/key`, else
 * `~/.cache/spine-hooks/key`; hooks/gate-free.sh finds it the same way). A forged or copied entry
 * is then a miss. No usable key (no home, a key file that is a link, not the user's own, or
 * readable by others): no cache at all, never an unauthenticated one.
 *
 * The key file holds 64 hex digits and a newline; those 65 bytes are the key.
 */
const KEY_BYTES = 65;

let cached: Buffer | null | undefined;

/** This user's key, made on first use; undefined when none can be kept safely. */
export function cacheKey(): Buffer | undefined {
  if (cached === undefined) cached = loadKey() ?? null;
  return cached ?? undefined;
}

/** MAC of a text under the key (hex), as the caches and the gated-path list carry it. */
export function macOf(text: string | Buffer, key: Buffer): string {
  return crypto.createHmac('sha256', key).update(text).digest('hex');
}

function loadKey(): Buffer | undefined {
  const dir = userCacheDir();
  if (!dir) return undefined;
  const file = path.join(dir, 'key');
  const existing = readKey(file);
  if (existing !== 'absent') return existing;
  try {
    makeDirs(dir, 0o700);
    if (!privateEntry(dir, true)) return undefined;
    // Written aside, then linked into place: two first runs at once agree on one key.
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, `${crypto.randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(tmp, file);
    } catch {
      // Another process made it first: its key is the key.
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  } catch {
    return undefined;
  }
  const made = readKey(file);
  return made === 'absent' ? undefined : made;
}

/** The key in `file`: 'absent', or undefined when the file is there but cannot be trusted. */
function readKey(file: string): Buffer | undefined | 'absent' {
  if (!fs.existsSync(file) && !isLink(file)) return 'absent';
  if (!privateEntry(path.dirname(file), true) || !privateEntry(file, false)) return undefined;
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      const buf = Buffer.alloc(KEY_BYTES + 1);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      const key = buf.subarray(0, n);
      return n === KEY_BYTES && /^[0-9a-f]{64}\n$/.test(key.toString('latin1')) ? key : undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** A real folder or file (not a link), the user's own, that nobody else may write (a file: nor read). */
function privateEntry(p: string, folder: boolean): boolean {
  try {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink() || (folder ? !st.isDirectory() : !st.isFile())) return false;
    if (process.platform === 'win32') return true;
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
    return (st.mode & (folder ? 0o022 : 0o077)) === 0;
  } catch {
    return false;
  }
}
