import type { GitDoor, GitProcess } from './execGit';

/** How much object data the reader keeps for reuse. */
const CACHE_BYTES = 16 * 1024 * 1024;
/**
 * The largest object kept once answered. Trees and small files are what neighbouring snapshots share;
 * a large file is parsed once per version by its reader (a range's memo holds it, and its snapshots do
 * not read it again), so keeping its bytes here would only hold a second copy of each version.
 */
const KEEP_MAX = 512 * 1024;
/** An object at least this large that is still arriving is received straight into its own buffer. */
const DIRECT_MIN = 256 * 1024;

/** An object as `git cat-file --batch` gives it. */
export interface GitObject {
  id: string;
  type: string;
  data: Buffer;
}

/**
 * One long-lived `git cat-file --batch` process per run: every blob of every snapshot is read
 * through it, never one process per file. Requests are answered in order.
 */
export class BlobReader {
  private proc?: GitProcess;
  /**
   * What git has written and we have not consumed: chunks kept as received and joined once per
   * object (appending each chunk to all that came before would copy a large blob once per chunk,
   * quadratic in its size).
   */
  private chunks: Buffer[] = [];
  private pending = 0;
  /** Bytes the object being received still needs before it can be cut out (0: not known yet). */
  private need = 0;
  private readonly waiting: Array<{ resolve: (b: GitObject | undefined) => void; reject: (e: Error) => void }> = [];
  private failed?: Error;
  /**
   * Objects by name: snapshots of neighbouring commits share most blobs and trees. Bounded (least
   * recently used out first) so that a long range costs memory by its estate, not by its length.
   */
  private readonly cache = new Map<string, Promise<GitObject | undefined>>();
  private readonly sizes = new Map<string, number>();
  private cached = 0;

  constructor(private readonly door: GitDoor) {}

  /**
   * Contents of each object (blob sha or `rev:path`), undefined where git has no such object or it is
   * not a file (a tree where a file was expected is a directory); commits are read for their messages.
   */
  async read(names: readonly string[]): Promise<Array<Buffer | undefined>> {
    const objects = await this.readObjects(names);
    return objects.map((o) => (o && (o.type === 'blob' || o.type === 'commit') ? o.data : undefined));
  }

  /** Objects of any type with their type and id (trees too: see TreeReader). */
  async readObjects(names: readonly string[]): Promise<Array<GitObject | undefined>> {
    const wanted = names.map((n) => {
      const hit = this.cache.get(n);
      if (hit) {
        // Most recently used last.
        this.cache.delete(n);
        this.cache.set(n, hit);
      }
      return hit;
    });
    const fresh = [...new Set(names.filter((_n, i) => !wanted[i]))];
    const answers = this.request(fresh);
    fresh.forEach((n, i) => {
      this.cache.set(n, answers[i]);
      answers[i].then(
        (o) => this.account(n, o?.data.length ?? 0),
        () => this.cache.delete(n),
      );
    });
    return Promise.all(names.map((n, i) => wanted[i] ?? this.cache.get(n)!));
  }

  private account(name: string, size: number): void {
    if (!this.cache.has(name)) return;
    if (size > KEEP_MAX) {
      this.cache.delete(name);
      return;
    }
    this.sizes.set(name, size);
    this.cached += size;
    for (const old of this.cache.keys()) {
      if (this.cached <= CACHE_BYTES) break;
      const s = this.sizes.get(old);
      if (s === undefined || old === name) continue; // still on its way, or the one just read
      this.cache.delete(old);
      this.sizes.delete(old);
      this.cached -= s;
    }
  }

  private request(names: readonly string[]): Array<Promise<GitObject | undefined>> {
    if (names.length === 0) return [];
    const proc = this.start();
    const results = names.map(
      (name) =>
        new Promise<GitObject | undefined>((resolve, reject) => {
          // Never written: git would answer it as two names, and every later answer would be off by one.
          if (/[\n\0]/.test(name)) return reject(new Error(`object name with a newline: ${JSON.stringify(name)}`));
          this.waiting.push({ resolve, reject });
          this.outgoing += `${name}\n`;
        }),
    );
    // The requests of one turn (a commit's paths, looked up side by side) go to git in one write.
    if (!this.flushing) {
      this.flushing = true;
      queueMicrotask(() => {
        this.flushing = false;
        const text = this.outgoing;
        this.outgoing = '';
        if (text && this.proc === proc) proc.stdin.write(text);
      });
    }
    return results;
  }

  private outgoing = '';
  private flushing = false;

  close(): void {
    this.proc?.stdin.end();
    this.proc = undefined;
  }

  private start(): GitProcess {
    if (this.failed) throw this.failed;
    if (this.proc) return this.proc;
    const proc = this.door.start(['cat-file', '--batch']);
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      if (this.filling) {
        d = this.fill(d);
        if (d.length === 0) return;
      }
      this.chunks.push(d);
      this.pending += d.length;
      // Waiting for the rest of a known object: nothing to do until it is all here.
      if (this.need && this.pending < this.need) return;
      this.drain();
    });
    const fail = (err: Error) => {
      this.failed = err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    proc.on('error', (err) => fail(new Error(`cannot run git cat-file: ${err.message}`)));
    proc.on('close', (code) => {
      if (this.waiting.length) fail(new Error(`git cat-file exited ${code}: ${stderr.trim()}`));
    });
    // Do not keep the event loop alive for an idle reader.
    proc.unref();
    (proc.stdout as unknown as { unref?: () => void }).unref?.();
    this.proc = proc;
    return proc;
  }

  /** The unconsumed bytes as one buffer (joined only when more than one chunk is held). */
  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.pending)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private consume(n: number): void {
    const rest = this.joined().subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.pending = rest.length;
  }

  /** The large object being received straight into its own buffer (see drain): `at` bytes of body and newline so far. */
  private filling?: { id: string; type: string; body: Buffer; at: number };

  /** Takes what `d` holds of the object being filled (its body, then git's newline); returns the rest of `d`. */
  private fill(d: Buffer): Buffer {
    const f = this.filling!;
    const want = f.body.length + 1 - f.at;
    const take = Math.min(want, d.length);
    const body = Math.min(take, f.body.length - f.at);
    if (body > 0) d.copy(f.body, f.at, 0, body);
    f.at += take;
    if (f.at === f.body.length + 1) {
      this.filling = undefined;
      this.waiting.shift()!.resolve({ id: f.id, type: f.type, data: f.body });
    }
    return d.subarray(take);
  }

  private drain(): void {
    this.need = 0;
    while (this.waiting.length) {
      const buffer = this.joined();
      const nl = buffer.indexOf(0x0a);
      if (nl < 0) return;
      const header = buffer.subarray(0, nl).toString();
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.consume(nl + 1);
        this.waiting.shift()!.resolve(undefined);
        continue;
      }
      const m = /^(\S+) (\S+) (\d+)$/.exec(header);
      if (!m) {
        this.waiting.shift()!.reject(new Error(`unexpected git cat-file output: ${header}`));
        this.consume(nl + 1);
        continue;
      }
      const size = Number(m[3]);
      if (buffer.length < nl + 1 + size + 1 && size >= DIRECT_MIN) {
        // A large object still arriving: its bytes go straight into a buffer of its size as they come
        // (no joining of chunks, no copy out of the joined whole).
        this.consume(nl + 1);
        this.filling = { id: m[1], type: m[2], body: Buffer.allocUnsafe(size), at: 0 };
        const rest = this.chunks.length ? this.joined() : Buffer.alloc(0);
        this.chunks = [];
        this.pending = 0;
        const after = this.fill(rest);
        if (this.filling) return;
        if (after.length === 0) continue;
        this.chunks = [after];
        this.pending = after.length;
        continue;
      }
      if (buffer.length < nl + 1 + size + 1) {
        // Wait for the rest of the object, without joining chunks until it is all here.
        this.need = nl + 1 + size + 1;
        return;
      }
      const body = Buffer.from(buffer.subarray(nl + 1, nl + 1 + size));
      this.consume(nl + 1 + size + 1);
      this.waiting.shift()!.resolve({ id: m[1], type: m[2], data: body });
    }
  }
}
