import type { ListedPath, Snapshot } from '../workspace/Snapshot';

/** A snapshot with some files' contents replaced in memory: the gates run on it to verify a plan before anything is written. */
export class EditedSnapshot implements Snapshot {
  readonly label: string;

  constructor(
    private readonly base: Snapshot,
    private readonly edited: ReadonlyMap<string, Buffer>,
  ) {
    this.label = `${base.label} with fixes`;
  }

  async load(paths: readonly string[]): Promise<Map<string, Buffer | undefined>> {
    const got = await this.base.load(paths.filter((p) => !this.edited.has(p)));
    for (const p of paths) if (this.edited.has(p)) got.set(p, this.edited.get(p));
    return got;
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
