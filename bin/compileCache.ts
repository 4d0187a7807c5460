import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { userCacheDir } from '../src/cache/userCacheDir';

/**
 * A hook starts the CLI on every commit, so start-up is what users feel. The CLI is one bundled file
 * (dist/cli.js, scripts/build-bundle.js) whose compiled code V8 keeps between runs, in the user's
 * cache folder (`…/spine-hooks/code`, beside the cache key), never in a shared temporary folder where
 * another user could leave compiled code for us to run:
 *
 * - Node 22.1+: node's own compile cache (`module.enableCompileCache`) in that folder, which checks
 *   every entry against its source and covers the modules loaded beside the bundle too;
 * - Node 20: a V8 code cache of the bundle per kind of command (a hook, `--all`, `ci`…), made when such
 *   a command first runs (after it ran, so it holds the functions that command compiled; made again
 *   once by the first run of its kind that evaluates a gate, where the first evaluated none) and handed
 *   to vm.Script. V8 refuses data made by another V8 or under other flags, but trusts the rest of it:
 *   an entry starts with the SHA-256 of its data, and one that does not match (a damaged disk, a
 *   write cut short) is not handed over. The entry's name carries the bundle's size, time and inode,
 *   so a rebuilt or edited bundle never meets an older one's code.
 *
 * Any doubt (no home; a folder that is a link, not the user's, or writable by others; an unreadable
 * entry) runs without a cache: it is only ever a speed-up. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
export function startBundle(bundle: string, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const dir = env.NODE_DISABLE_COMPILE_CACHE ? undefined : codeCacheDir(env);
  const enable = (nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  if (typeof enable === 'function') {
    try {
      if (dir) enable(dir);
    } catch {
      // An unwritable folder only costs speed.
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is loaded at run time, after the cache is on
    require(bundle);
    return;
  }
  runWithCodeCache(bundle, dir, commandKind(argv));
}

/** What a run compiles depends on the command: one cache entry for each of these. */
function commandKind(argv: readonly string[]): string {
  if (argv[0] === 'hook')
    return ['pre-commit', 'pre-push', 'commit-msg', 'pre-merge-commit'].includes(argv[1]) ? `hook-${argv[1]}` : 'hook';
  if (argv[0] === 'ci') return 'ci';
  return argv.includes('--all') || argv.includes('-a') ? 'all' : 'other';
}

/**
 * Set (on globalThis) by the engine when a run evaluated a gate (src/engine/runGates.ts): its compiled code
 * covers the engine. An entry made by a run that evaluated nothing (a commit no gate reads, `--version`)
 * holds half the code, and every later run of its kind would compile the rest again: the first run of the
 * kind that evaluates a gate writes the entry again, once.
 */
const EVALUATED = Symbol.for('spine-hooks.evaluated');

function runWithCodeCache(bundle: string, dir: string | undefined, kind: string): void {
  const source = fs.readFileSync(bundle, 'latin1');
  let entry: string | undefined;
  let kept: Entry | undefined;
  if (dir) {
    const st = fs.statSync(bundle);
    entry = path.join(
      dir,
      `cli-${process.versions.v8}-${process.arch}-${st.size}-${Math.trunc(st.mtimeMs)}-${st.ino}-${kind}.bin`.replace(/[^\w.-]/g, '_'),
    );
    kept = readEntry(entry);
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    cachedData: kept?.data,
  });
  if (entry) {
    const at = entry;
    const usable = kept !== undefined && !script.cachedDataRejected;
    process.once('exit', () => {
      const evaluated = (globalThis as Record<symbol, unknown>)[EVALUATED] === true;
      if (usable && (kept!.evaluated || !evaluated)) return;
      const body = Buffer.concat([Buffer.from([evaluated ? 1 : 0]), script.createCachedData()]);
      writeEntry(at, Buffer.concat([digest(body), body]));
    });
  }
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  const mod = { exports: {} };
  fn.call(mod.exports, mod.exports, nodeModule.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

/** `…/spine-hooks/code`, made if need be, when it and its parent are real folders of the user's that nobody else may write. */
function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const base = userCacheDir(env);
  if (!base) return undefined;
  const dir = path.join(base, 'code');
  // Only the last two folders are made here, each on its own (no recursive mkdir: it can hang under /proc, see
  // src/cache/makeDirs.ts, which the launcher does not load); a missing parent means no code cache this run (the
  // cache key, made later in the run, makes the whole path for the next).
  for (const folder of [base, dir]) {
    try {
      fs.mkdirSync(folder, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
  }
  return privateFolder(base) && privateFolder(dir) ? dir : undefined;
}

function privateFolder(p: string): boolean {
  try {
    const st = fs.lstatSync(p);
    if (!st.isDirectory()) return false;
    if (process.platform === 'win32') return true;
    return (typeof process.getuid !== 'function' || st.uid === process.getuid()) && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

const digest = (data: Buffer): Buffer => crypto.createHash('sha256').update(data).digest();

/** An entry: V8's code cache, and whether the run that made it evaluated a gate. */
interface Entry {
  data: Buffer;
  evaluated: boolean;
}

/**
 * The entry in a file whose first 32 bytes are the SHA-256 of the rest: a byte (1: made by a run that
 * evaluated a gate), then the code.
 */
function readEntry(file: string): Entry | undefined {
  let raw: Buffer;
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      if (!fs.fstatSync(fd).isFile()) return undefined;
      raw = fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const body = raw.subarray(32);
  if (raw.length <= 33 || !digest(body).equals(raw.subarray(0, 32))) return undefined;
  return { data: body.subarray(1), evaluated: body[0] === 1 };
}

/** Most entries the folder keeps (a few kinds of command for each installed bundle and node). */
const MAX_ENTRIES = 32;

/** Written aside and renamed into place (a reader never sees half an entry); the oldest entries beyond the bound go. */
function writeEntry(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    const dir = path.dirname(file);
    const entries = fs
      .readdirSync(dir)
      .filter((n) => /^cli-[\w.-]+\.bin(\.\d+\.tmp)?$/.test(n))
      .map((n) => ({ n, t: fs.lstatSync(path.join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const e of entries.slice(MAX_ENTRIES)) fs.rmSync(path.join(dir, e.n), { force: true });
  } catch {
    // A full disk, a read-only home, another process pruning: the next run compiles again.
    fs.rmSync(tmp, { force: true });
  }
}
