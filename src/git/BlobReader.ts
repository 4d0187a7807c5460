import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * One long-lived `git cat-file --batch` process per run: every blob of every snapshot is read
 * through it, never one process per file. Requests are answered in order.
 */
export class BlobReader {
  private proc?: ChildProcessWithoutNullStreams;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: Array<{ resolve: (b: Buffer | undefined) => void; reject: (e: Error) => void }> = [];
  private failed?: Error;
  /** Objects by sha: snapshots of neighbouring commits share most blobs. */
  private readonly cache = new Map<string, Promise<Buffer | undefined>>();

  constructor(
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Contents of each object (blob sha or `rev:path`), undefined where git has no such object. */
  async read(names: readonly string[]): Promise<Array<Buffer | undefined>> {
    const fresh = [...new Set(names.filter((n) => !this.cache.has(n)))];
    const answers = this.request(fresh);
    fresh.forEach((n, i) => this.cache.set(n, answers[i]));
    return Promise.all(names.map((n) => this.cache.get(n)!));
  }

  private request(names: readonly string[]): Array<Promise<Buffer | undefined>> {
    if (names.length === 0) return [];
    const proc = this.start();
    const results = names.map(
      (name) =>
        new Promise<Buffer | undefined>((resolve, reject) => {
          if (/[\n\0]/.test(name)) return reject(new Error(`object name with a newline: ${JSON.stringify(name)}`));
          this.waiting.push({ resolve, reject });
        }),
    );
    proc.stdin.write(names.map((n) => `${n}\n`).join(''));
    return results;
  }

  close(): void {
    this.proc?.stdin.end();
    this.proc = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.failed) throw this.failed;
    if (this.proc) return this.proc;
    const proc = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, env: this.env });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, d]) : d;
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

  private drain(): void {
    while (this.waiting.length) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl < 0) return;
      const header = this.buffer.subarray(0, nl).toString();
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.waiting.shift()!.resolve(undefined);
        continue;
      }
      const m = / (\S+) (\d+)$/.exec(header);
      if (!m) {
        this.waiting.shift()!.reject(new Error(`unexpected git cat-file output: ${header}`));
        this.buffer = this.buffer.subarray(nl + 1);
        continue;
      }
      const size = Number(m[2]);
      if (this.buffer.length < nl + 1 + size + 1) return; // wait for the rest of the object
      const body = this.buffer.subarray(nl + 1, nl + 1 + size);
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      // A tree where a file was expected is not a file (a directory); commits are read for their messages.
      this.waiting.shift()!.resolve(m[1] === 'blob' || m[1] === 'commit' ? Buffer.from(body) : undefined);
    }
  }
}
