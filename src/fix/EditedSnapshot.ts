import type { ListedPath, Snapshot } from '../workspace/Snapshot';
import { blobId } from '../workspace/FsSnapshot';

/**
 * A snapshot with some files' contents replaced in memory: the gates run on it to verify a plan before anything
 * is written. Every file it loads is named by its content (the id git would give its bytes), so that the runs of
 * one `fix` or `vm` process share what they loaded through one RunMemo: an unchanged file is parsed once, a gate
 * none of whose files changed is evaluated once (its verdict is a function of those contents). It has no
 * cache folder: nothing it concludes about files that are not on disk is kept beyond the process.
 */
export class EditedSnapshot implements Snapshot {
  readonly label: string;
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly base: Snapshot,
    private readonly edited: ReadonlyMap<string, Buffer>,
  ) {
    this.label = edited.size ? `${base.label} with fixes` : base.label;
  }

  async load(paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    const got = await this.base.load(paths.filter((p) => !this.edited.has(p)));
    for (const p of paths) if (this.edited.has(p)) got.set(p, this.edited.get(p));
    for (const [p, bytes] of got) if (bytes) this.ids.set(p, blobId(bytes));
    return got;
  }

  idOf(p: string): string | undefined {
    return this.ids.get(p);
  }

  list(dir: string): Promise<string[]> {
    return this.base.list(dir);
  }

  listKinds(dir: string): Promise<ListedPath[]> {
    return this.base.listKinds(dir);
  }

  problemOf(p: string): string | undefined {
    return this.edited.has(p) ? undefined : this.base.problemOf?.(p);
  }
}
