import { SourceFile } from './SourceFile';
import type { Snapshot } from './Snapshot';

/**
 * The files the selected gates read, loaded from one snapshot in one batch and parsed lazily.
 * Gates only ever see this read-only view.
 */
export class Workspace {
  private readonly files = new Map<string, SourceFile>();

  private constructor(
    readonly label: string,
    private readonly listing: readonly string[],
  ) {}

  static async load(snapshot: Snapshot, paths: Iterable<string>, listDirs: Iterable<string> = []): Promise<Workspace> {
    const dirs = [...new Set(listDirs)];
    const listing = (await Promise.all(dirs.map((d) => snapshot.list(d)))).flat();
    const wanted = [...new Set([...paths, ...listing])];
    const loaded = await snapshot.load(wanted);
    const ws = new Workspace(snapshot.label, [...new Set(listing)].sort());
    for (const p of wanted) {
      const id = snapshot.idOf?.(p);
      ws.files.set(p, new SourceFile(p, loaded.get(p), id && snapshot.parseCache ? { id, store: snapshot.parseCache } : undefined, snapshot.problemOf?.(p)));
    }
    return ws;
  }

  file(path: string): SourceFile {
    let f = this.files.get(path);
    if (!f) {
      // Not loaded means not in the snapshot's batch: treated as missing, never read behind the snapshot's back.
      f = new SourceFile(path, undefined);
      this.files.set(path, f);
    }
    return f;
  }

  /** Paths found under the directories listed at load time. */
  listed(): readonly string[] {
    return this.listing;
  }
}
