import { resolveLink } from './resolveLink';
import type { ListedPath, PathKind, Snapshot } from './Snapshot';

/** Files held in memory: for tests and for callers that already have the contents. */
export class MemorySnapshot implements Snapshot {
  private readonly files: Map<string, Buffer>;

  /** `kinds`: paths that are not plain files (`{ 'bin/run.sh': 'executable' }`); a link's content is its target. */
  constructor(
    files: Record<string, string | Buffer>,
    readonly label = 'memory',
    private readonly kinds: Record<string, PathKind> = {},
  ) {
    this.files = new Map(Object.entries(files).map(([p, c]) => [p, Buffer.isBuffer(c) ? c : Buffer.from(c)]));
  }

  load(paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    return Promise.resolve(new Map(paths.map((p) => [p, this.files.get(p)])));
  }

  listKinds(dir: string): Promise<ListedPath[]> {
    return this.list(dir).then((paths) =>
      paths.map((p) => {
        const kind = this.kinds[p] ?? 'file';
        if (kind !== 'link') return { path: p, kind };
        const r = resolveLink(p, this.files.get(p)!.toString('utf8'));
        return 'path' in r ? { path: p, kind, target: r.path } : { path: p, kind };
      }),
    );
  }

  list(dir: string): Promise<string[]> {
    const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
    return Promise.resolve([...this.files.keys()].filter((p) => p.startsWith(prefix)).sort());
  }
}
