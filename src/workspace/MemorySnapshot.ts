import type { Snapshot } from './Snapshot';

/** Files held in memory: for tests and for callers that already have the contents. */
export class MemorySnapshot implements Snapshot {
  private readonly files: Map<string, Buffer>;

  constructor(
    files: Record<string, string | Buffer>,
    readonly label = 'memory',
  ) {
    this.files = new Map(Object.entries(files).map(([p, c]) => [p, Buffer.isBuffer(c) ? c : Buffer.from(c)]));
  }

  load(paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    return Promise.resolve(new Map(paths.map((p) => [p, this.files.get(p)])));
  }

  list(dir: string): Promise<string[]> {
    const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
    return Promise.resolve([...this.files.keys()].filter((p) => p.startsWith(prefix)).sort());
  }
}
