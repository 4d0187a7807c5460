/**
 * A read-only view of the repository's files at one state: the working tree, the index or a commit.
 * Everything a gate reads comes through a Snapshot, loaded in one batch before the gates run.
 */
export interface Snapshot {
  /** Human description, e.g. `working tree`, `index`, `commit 1a2b3c4`. */
  readonly label: string;
  /**
   * Reads repository-relative paths in one go; a missing path (or a directory) maps to undefined.
   * `reuse`: asked of each path with its content id, where the snapshot knows it before reading; a path
   * it says yes to is not read and is left out of the answer (the caller holds that version already, or
   * asks only whether the file is there).
   */
  load(paths: readonly string[], reuse?: (path: string, id: string) => boolean): Promise<Map<string, Buffer | undefined>>;
  /** Repository-relative paths of the files under `dir` ('' for all), for glob matching. */
  list(dir: string): Promise<string[]>;
  /**
   * The files under `dir` ('' for all) with their kind, as git records it (mode 100755 is executable,
   * 120000 a link, 160000 a submodule): what `path_exists: executable` and its kin ask of the data.
   */
  listKinds(dir: string): Promise<ListedPath[]>;
  /** A content id of a loaded path (git's blob id), when the snapshot has one: the parse cache key. */
  idOf?(path: string): string | undefined;
  /**
   * Why a path that `load` answered with undefined is there but cannot be read as a file (a symbolic
   * link out of the checked folder, or to another link); undefined when it is simply absent.
   */
  problemOf?(path: string): string | undefined;
  /**
   * The version a path of this snapshot is an edit of (the index's: HEAD's), when it is another blob:
   * its parse, if cached, is what a small edit of a large file is spliced into (see spliceYaml.ts).
   * `latest`: the version of the path parsed last instead (an earlier staged edit), whatever HEAD's is.
   */
  prior?(path: string, latest?: boolean): Promise<{ id: string; bytes: Buffer } | undefined>;
  /** Of these paths, those whose version here differs from the one it edits (the index's: HEAD's), when the snapshot knows cheaply. */
  edits?(paths: readonly string[]): Promise<string[]>;
  /** Where parsed YAML may be cached by content id (see ParseCache.ts). */
  readonly parseCache?: ParseCache;
  /** The git common directory, where caches live (gate results: engine/ResultCache.ts); none outside git. */
  readonly cacheRoot?: string;
  /** The caches are read, not filled (a commit of a range: see GitSnapshot). */
  readonly cacheReadOnly?: boolean;
}

export interface ParseCache {
  /**
   * The data parsed from `text` (whose content id is `id`), or undefined when not known for sure. The
   * text may be given as its UTF-8 bytes (no BOM, nothing invalid): the same text, not decoded.
   */
  get(id: string, text: string | Buffer): unknown;
  /**
   * `splice`: the data is the parse of the version `base` (cached) with the items of one top-level list
   * replaced (spliceYaml.ts): the entry may say only that, not hold the whole data again.
   */
  set(id: string, text: string | Buffer, data: unknown, splice?: Splice): void;
  /** A Markdown file's parse (parseMarkdown's document: plain data), by content id, checked like `get`. */
  getMarkdown?(id: string, text: string | Buffer): unknown;
  setMarkdown?(id: string, text: string | Buffer, doc: unknown): void;
  /** Whether an entry for the content id is there (not whether it is sound: get says that). */
  has?(id: string): boolean;
  /** The content id of the path's version parsed (and cached) last, and noting it: a next version may be spliced into it. */
  latest?(path: string): string | undefined;
  noteLatest?(path: string, id: string): void;
  /** The version whose verdicts hold for the content id's (an edit of comments only: commentEdits.ts), as found and kept by an earlier run. */
  sameAs?(id: string): SameAs | undefined;
  setSameAs?(id: string, same: SameAs): void;
}

/** How one version's data is another's (`base`, a content id) with items of its list `key` replaced: [index, item]. */
export interface Splice {
  base: string;
  key: string;
  items: Array<[number, unknown]>;
}

/** What a listed path is: a regular file, an executable one, a symbolic link, or a submodule (a folder). */
export type PathKind = 'file' | 'executable' | 'link' | 'submodule';

export interface ListedPath {
  path: string;
  kind: PathKind;
  /** For a link that stays inside the checked folder: the path it stands for (resolveLink's rule). */
  target?: string;
}

/** The version whose verdicts hold for an edit of comments only of a YAML file (commentEdits.ts). */
export interface SameAs {
  /** The content id verdicts of this file are kept under: the version the chain of comment edits started from. */
  id: string;
  /** The last line that holds more than a comment, the same in every version of the chain. */
  contentEnd: number;
}
