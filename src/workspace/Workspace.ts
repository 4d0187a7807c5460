import { isUtf8 } from 'node:buffer';
import { hasPrior, rememberParse, SourceFile } from './SourceFile';
import { SPLICE_MIN } from './spliceYaml';
import type { ListedPath, Snapshot } from './Snapshot';

/**
 * Files carried from one snapshot to the next within a run (ci checks commit after commit): the
 * engine's RunMemo is one. Declared here, where it is used, so the workspace needs nothing above it.
 */
export interface FileMemo {
  /** The file of this path and blob id, made by `make` the first time it is seen. */
  file(path: string, id: string, make: () => SourceFile): SourceFile;
  /** Whether the file of this path and blob id is held (its bytes need not be read again). */
  has?(path: string, id: string): boolean;
  /** A snapshot's files are all loaded: files not among them may be let go. */
  settle(): void;
}

/**
 * The files the selected gates read, loaded from one snapshot in one batch and parsed lazily.
 * Gates only ever see this read-only view.
 */
export class Workspace {
  private readonly files = new Map<string, SourceFile>();

  private constructor(
    readonly label: string,
    private readonly listing: readonly string[],
    private readonly everything?: readonly ListedPath[],
  ) {}

  /**
   * `listDirs`: folders whose files are loaded too (schema globs); `listAll`: list every path of the
   * snapshot, without loading them, so filters can ask whether a path named in the data exists.
   * `memo`: files already decoded (and parsed) for the same path and blob id are reused (ci).
   */
  static async load(
    snapshot: Snapshot,
    paths: Iterable<string>,
    listDirs: Iterable<string> = [],
    listAll = false,
    memo?: FileMemo,
  ): Promise<Workspace> {
    const dirs = [...new Set(listDirs)];
    const [listing, everything] = await Promise.all([
      Promise.all(dirs.map((d) => snapshot.list(d))).then((l) => l.flat()),
      listAll ? snapshot.listKinds('') : Promise.resolve(undefined),
    ]);
    const wanted = [...new Set([...paths, ...listing])];
    const reuse = memo?.has && ((p: string, id: string) => memo.has!(p, id));
    const loaded = await snapshot.load(wanted, reuse || undefined);
    // A path left unread is one the memo holds; should it no longer hold it, it is read after all.
    const lost = wanted.filter((p) => !loaded.has(p) && !(reuse && reuse(p, snapshot.idOf?.(p) ?? '')));
    if (lost.length) for (const [p, b] of await snapshot.load(lost)) loaded.set(p, b);
    const ws = new Workspace(snapshot.label, [...new Set(listing)].sort(), everything);
    for (const p of wanted) {
      const id = snapshot.idOf?.(p);
      const problem = snapshot.problemOf?.(p);
      const make = () =>
        new SourceFile(p, loaded.get(p), id && snapshot.parseCache ? { id, store: snapshot.parseCache } : undefined, problem);
      // A file is named by its blob; one that is not there, by why (so what stands in for it, a
      // shipped default, is shared too).
      const key = id ?? (loaded.get(p) === undefined ? `absent:${problem ?? ''}` : undefined);
      ws.files.set(p, key && memo ? memo.file(p, key, make) : make());
    }
    await rememberPriors(snapshot, wanted, loaded);
    // Only this snapshot's files are kept for the next one: older versions can go.
    memo?.settle();
    return ws;
  }

  /** Whether the path was loaded (present or not) with the workspace. */
  has(path: string): boolean {
    return this.files.has(path);
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

  private kinds?: Map<string, FoundKind>;

  /** Whether the snapshot has this file, or a folder holding files (the listing must include it). */
  pathExists(p: string): boolean {
    return this.pathKind(p) !== undefined;
  }

  /**
   * What the snapshot has at a path: a file, an executable file, a folder (one holding files, or a
   * submodule), or a link; a link inside the checked folder counts as what it points at (followed one
   * level, as files are read), a link out of it or to nothing as `link`.
   */
  pathKind(p: string): FoundKind | undefined {
    if (!this.kinds) {
      const kinds = new Map<string, FoundKind>();
      const listed = this.everything ?? this.listing.map((path): ListedPath => ({ path, kind: 'file' }));
      for (const e of listed) {
        const parts = e.path.split('/');
        for (let i = 1; i < parts.length; i++) kinds.set(parts.slice(0, i).join('/'), 'folder');
        kinds.set(e.path, e.kind === 'submodule' ? 'folder' : e.kind);
      }
      // One level: a link to a link stays a link, whichever of the two is listed first.
      const resolved = listed.flatMap((e) => {
        const t = e.kind === 'link' && e.target !== undefined ? kinds.get(e.target) : undefined;
        return t !== undefined && t !== 'link' ? [[e.path, t] as const] : [];
      });
      for (const [path, t] of resolved) kinds.set(path, t);
      this.kinds = kinds;
    }
    return this.kinds.get(p);
  }
}

/** A path as a rule sees it (see `pathKind`). */
export type FoundKind = 'file' | 'executable' | 'folder' | 'link';

/**
 * For each large file of the snapshot that will be parsed anew (its blob is not in the parse cache),
 * the parse of the version it edits (HEAD's, for the index) when that one is cached: a hook's one-VM
 * edit is then spliced into it (SourceFile, spliceYaml.ts), not parsed whole.
 */
async function rememberPriors(snapshot: Snapshot, paths: readonly string[], loaded: Map<string, Buffer | undefined>): Promise<void> {
  const cache = snapshot.parseCache;
  if (!snapshot.prior || !cache?.has) return;
  await Promise.all(
    paths.map(async (p) => {
      const bytes = loaded.get(p);
      const id = snapshot.idOf?.(p);
      if (!bytes || !id || bytes.length < SPLICE_MIN || hasPrior(p) || cache.has!(id)) return;
      const prior = await snapshot.prior!(p);
      if (!prior || prior.bytes[0] === 0xef || !isUtf8(prior.bytes)) return;
      const data = cache.get(prior.id, prior.bytes);
      if (data !== undefined) rememberParse(p, () => prior.bytes.toString('latin1'), prior.bytes.length, data, prior.id);
    }),
  );
}
