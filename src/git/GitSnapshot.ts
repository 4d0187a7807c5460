import type { ListedPath, PathKind, Snapshot } from '../workspace/Snapshot';
import type { Git } from './Git';
import { GitStateError } from './GitStateError';
import type { StagedDiff } from './parseRawDiff';
import { GitParseCache } from '../workspace/ParseCache';
import { resolveLink, linkMessage } from '../workspace/resolveLink';

interface Entry {
  mode: string;
  sha: string;
}

const SYMLINK = '120000';
const unmergedMessage = (p: string) => `${p} has unresolved merge conflicts; resolve them and stage the result`;
const GITLINK = '160000';

/** A git mode as the kind of path a rule can ask for. */
function kindOfMode(mode: string): PathKind {
  if (mode === SYMLINK) return 'link';
  if (mode === GITLINK) return 'submodule';
  return mode === '100755' ? 'executable' : 'file';
}
// The empty blob's id in SHA-1 and in SHA-256 repositories.
const EMPTY_BLOB = new Set([
  'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
  '473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813',
]);

/**
 * Files as git stores them in the index (`source: 'index'`, honouring GIT_INDEX_FILE, which
 * `git commit -a` and `git commit <path>` point at a temporary index) or in a commit's tree.
 * Contents come through the run's single `cat-file --batch` process. A symlink is followed one
 * level inside the same snapshot; a submodule (gitlink) is not a file.
 */
export class GitSnapshot implements Snapshot {
  readonly label: string;
  /** Listing results by full path (null: not in this snapshot), so each path is asked for once. */
  private readonly known = new Map<string, Entry | null>();
  /** Blob ids of the paths loaded, for the parse cache. */
  private readonly ids = new Map<string, string>();
  /** Paths present but not readable as files (see resolveLink). */
  private readonly problems = new Map<string, string>();
  readonly parseCache?: GitParseCache;
  readonly cacheRoot?: string;
  readonly cacheReadOnly?: boolean;

  constructor(
    private readonly git: Git,
    private readonly source: { kind: 'index' } | { kind: 'commit'; sha: string },
    opts: { parseCache?: boolean } = {},
  ) {
    this.label = source.kind === 'index' ? 'index' : `commit ${source.sha.slice(0, 12)}`;
    if (opts.parseCache !== false) {
      // The index's parses and verdicts are cached (the next hook, pre-push and ci on this machine
      // reuse them); a commit's are only read: the commits of a range were cached when the hooks
      // judged their trees, and what ci finds anew it judges once, in one process (RunMemo). Filling
      // the caches from every commit of a range would cost more than it ever saves.
      this.cacheReadOnly = source.kind === 'commit';
      this.parseCache = new GitParseCache(git.commonDir, undefined, { write: !this.cacheReadOnly });
      this.cacheRoot = git.commonDir;
    }
  }

  /** The index read as `base`'s tree changed by a staged diff against it (see Git.stagedDiff): set by fromStagedDiff. */
  private staged?: { base: string | undefined; diff: Promise<StagedDiff> };

  /**
   * Reads this index's entries as `base`'s tree (through cat-file) overlaid with what `diff` says the
   * index changes against it, instead of asking `ls-files`: the diff a hook asks for anyway holds
   * every entry that differs, so the index needs no process of its own. Directory listings still ask
   * the index itself.
   */
  fromStagedDiff(base: string | undefined, diff: Promise<StagedDiff>): this {
    if (this.source.kind === 'index') this.staged = { base, diff };
    return this;
  }

  async prior(path: string, latest = false): Promise<{ id: string; bytes: Buffer } | undefined> {
    const head = this.git.head;
    if (this.source.kind !== 'index' || (!head && !latest)) return undefined;
    const current = this.ids.get(path);
    const e = latest || !head ? undefined : await this.git.trees.entry(head, this.git.prefix + path);
    // HEAD's version when its parse is cached, else (or when `latest` asks for it) the version of the
    // path parsed last (an earlier staged edit): either is a blob of this repository, read through cat-file.
    let id = e && (e.mode === '100644' || e.mode === '100755') && this.parseCache?.has(e.sha) ? e.sha : undefined;
    id ??= this.parseCache?.latest(path);
    if (!id || id === current || !/^[0-9a-f]{40,64}$/.test(id)) return undefined;
    const [bytes] = await this.git.blobs.read([id]);
    return bytes ? { id, bytes } : undefined;
  }

  /** A commit's paths changed against its first parent, as a range lists them (set by withEdits). */
  private changed?: ReadonlySet<string>;

  /** The commit's paths its first parent had otherwise (a range's changes): what `edits` answers for a commit. */
  withEdits(paths: Iterable<string>): this {
    if (this.source.kind === 'commit') this.changed = new Set(paths);
    return this;
  }

  async edits(paths: readonly string[]): Promise<string[]> {
    if (this.changed) return paths.filter((p) => this.changed!.has(p));
    if (!this.staged) return [];
    const staged = await this.staged.diff;
    return paths.filter((p) => staged.entries.get(this.git.prefix + p));
  }

  async load(paths: readonly string[], reuse?: (path: string, id: string) => boolean): Promise<Map<string, Buffer | undefined>> {
    const out = new Map<string, Buffer | undefined>();
    if (paths.length === 0) return out;
    const prefix = this.git.prefix;
    const entries = await this.entries(paths.map((p) => prefix + p));
    // Symlinks: read their targets (one more listing, only when there are any), by the rule of resolveLink.
    const links = new Map<string, string>();
    const linked = paths.filter((p) => entries.get(prefix + p)?.mode === SYMLINK);
    if (linked.length) {
      const targets = await this.git.blobs.read(linked.map((p) => entries.get(prefix + p)!.sha));
      linked.forEach((p, i) => {
        const target = targets[i]?.toString('utf8') ?? '';
        const r = resolveLink(p, target);
        if ('problem' in r) this.problems.set(p, r.problem);
        else links.set(p, r.path);
      });
      const more = await this.entries([...new Set(links.values())].map((t) => prefix + t).filter((t) => !entries.has(t)));
      for (const [p, e] of more) entries.set(p, e);
    }
    const want = paths.map((p) => {
      let e = entries.get(prefix + p);
      if (e?.mode === SYMLINK) {
        const target = links.get(p);
        e = target === undefined ? undefined : entries.get(prefix + target);
        if (target !== undefined && e?.mode === SYMLINK) this.problems.set(p, linkMessage.chain(target));
        else if (target !== undefined && !e) this.problems.set(p, linkMessage.dangling(target));
        if (e?.mode === SYMLINK) e = undefined;
      }
      return e && e.mode !== GITLINK ? e.sha : undefined;
    });
    // A version the caller already holds (a range's memo) is not read again: only its id is noted.
    const reused = reuse ? paths.map((p, i) => !!want[i] && reuse(p, want[i])) : [];
    const shas = [...new Set(want.filter((s, i): s is string => !!s && !reused[i]))];
    const blobs = await this.git.blobs.read(shas);
    const bySha = new Map(shas.map((s, i) => [s, blobs[i]]));
    paths.forEach((p, i) => {
      if (want[i]) this.ids.set(p, want[i]);
      if (!reused[i]) out.set(p, want[i] ? bySha.get(want[i]) : undefined);
    });
    return out;
  }

  /** The symbolic links below `dir` ('' for all), as paths relative to the checked folder. */
  async linksUnder(dir: string): Promise<string[]> {
    const spec = this.git.prefix + dir.replace(/\/+$/, '');
    let found: string[];
    if (this.source.kind === 'commit') {
      found = (await this.git.trees.files(this.source.sha, spec)).filter(([, e]) => e.mode === SYMLINK).map(([p]) => p);
    } else {
      // "<mode> <sha> <stage>\t<path>" per entry.
      const out = await this.git.raw(['--literal-pathspecs', 'ls-files', '-s', '-z', '--', spec || '.']);
      found = out
        .split('\0')
        .filter((rec) => rec.startsWith(`${SYMLINK} `))
        .map((rec) => rec.slice(rec.indexOf('\t') + 1));
    }
    return found.filter((p) => p.startsWith(this.git.prefix)).map((p) => p.slice(this.git.prefix.length));
  }

  /** Which of these paths are symbolic links here, and the path each stands for (by resolveLink's rule; links that leave the folder are left out). */
  async linkTargets(paths: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const prefix = this.git.prefix;
    const entries = await this.entries(paths.map((p) => prefix + p));
    const linked = paths.filter((p) => entries.get(prefix + p)?.mode === SYMLINK);
    if (linked.length === 0) return out;
    const targets = await this.git.blobs.read(linked.map((p) => entries.get(prefix + p)!.sha));
    linked.forEach((p, i) => {
      const r = resolveLink(p, targets[i]?.toString('utf8') ?? '');
      if ('path' in r) out.set(p, r.path);
    });
    return out;
  }

  problemOf(p: string): string | undefined {
    return this.problems.get(p);
  }

  /** Lists paths ahead of time (in parallel with other git work); later loads reuse the answers. */
  async prefetch(paths: readonly string[]): Promise<void> {
    await this.entries(paths.map((p) => this.git.prefix + p));
  }

  /** The blob id of a loaded path: content-addressed, so parse results can be cached by it. */
  idOf(p: string): string | undefined {
    return this.ids.get(p);
  }

  async list(dir: string): Promise<string[]> {
    const spec = this.git.prefix + dir.replace(/\/+$/, '');
    if (this.source.kind === 'commit') {
      return (await this.git.trees.list(this.source.sha, spec))
        .filter((p) => p.startsWith(this.git.prefix))
        .map((p) => p.slice(this.git.prefix.length));
    }
    const out = await this.git.raw(['--literal-pathspecs', 'ls-files', '-z', '--', spec || '.']);
    return out
      .split('\0')
      .filter(Boolean)
      .filter((p) => p.startsWith(this.git.prefix))
      .map((p) => p.slice(this.git.prefix.length));
  }

  /** The files below `dir` with their kinds, by their modes in the index or the commit's tree; links with their targets. */
  async listKinds(dir: string): Promise<ListedPath[]> {
    const spec = this.git.prefix + dir.replace(/\/+$/, '');
    let found: Array<[string, Entry]>;
    if (this.source.kind === 'commit') found = await this.git.trees.files(this.source.sha, spec);
    else {
      // "<mode> <sha> <stage>\t<path>" per entry; an unmerged path is listed once per stage.
      const out = await this.git.raw(['--literal-pathspecs', 'ls-files', '-s', '-z', '--', spec || '.']);
      const byPath = new Map<string, Entry>();
      for (const rec of out.split('\0')) {
        if (!rec) continue;
        const tab = rec.indexOf('\t');
        const [mode, sha] = rec.slice(0, tab).split(' ');
        byPath.set(rec.slice(tab + 1), { mode, sha });
      }
      found = [...byPath];
    }
    const mine = found.filter(([p]) => p.startsWith(this.git.prefix)).map(([p, e]) => [p.slice(this.git.prefix.length), e] as const);
    const links = mine.filter(([, e]) => e.mode === SYMLINK);
    const targets = links.length ? await this.git.blobs.read(links.map(([, e]) => e.sha)) : [];
    const targetOf = new Map(links.map(([p], i) => [p, resolveLink(p, targets[i]?.toString('utf8') ?? '/')]));
    return mine.map(([p, e]): ListedPath => {
      const kind = kindOfMode(e.mode);
      const r = targetOf.get(p);
      return r && 'path' in r ? { path: p, kind, target: r.path } : { path: p, kind };
    });
  }

  private async entries(requested: string[]): Promise<Map<string, Entry>> {
    const map = new Map<string, Entry>();
    for (const p of requested) {
      const k = this.known.get(p);
      if (k) map.set(p, k);
    }
    const fullPaths = [...new Set(requested.filter((p) => !this.known.has(p)))];
    if (fullPaths.length === 0) return map;
    const index = this.source.kind === 'index';
    if (this.source.kind === 'commit') {
      // A commit's tree is read object by object through cat-file: no process per commit.
      const sha = this.source.sha;
      const found = await Promise.all(fullPaths.map((p) => this.git.trees.entry(sha, p)));
      fullPaths.forEach((p, i) => {
        const e = found[i];
        if (e && e.mode !== '40000') map.set(p, { mode: e.mode, sha: e.sha });
        this.known.set(p, map.get(p) ?? null);
      });
      return map;
    }
    if (this.staged) return this.stagedEntries(fullPaths, map);
    // The index: "<mode> <sha> <stage>\t<path>" per entry.
    const out = await this.git.raw(['--literal-pathspecs', 'ls-files', '-s', '-z', '--', ...fullPaths]);
    const wanted = new Set(fullPaths);
    for (const rec of out.split('\0')) {
      if (!rec) continue;
      const tab = rec.indexOf('\t');
      const p = rec.slice(tab + 1);
      const [mode, sha, stage] = rec.slice(0, tab).split(' ');
      if (!wanted.has(p)) continue; // a directory pathspec lists its children: not the file we asked for
      if (stage !== '0') throw new GitStateError(unmergedMessage(p));
      map.set(p, { mode, sha });
    }
    if (index) for (const p of await this.intentToAdd([...map].filter(([, e]) => EMPTY_BLOB.has(e.sha)).map(([p]) => p))) map.delete(p);
    for (const p of fullPaths) this.known.set(p, map.get(p) ?? null);
    return map;
  }

  /** Index entries as base's tree overlaid with the staged diff (see fromStagedDiff). */
  private async stagedEntries(fullPaths: string[], map: Map<string, Entry>): Promise<Map<string, Entry>> {
    const { base, diff } = this.staged!;
    const [staged, found] = await Promise.all([
      diff,
      base ? Promise.all(fullPaths.map((p) => this.git.trees.entry(base, p))) : fullPaths.map(() => undefined),
    ]);
    const conflicted = fullPaths.find((p) => staged.unmerged.has(p));
    if (conflicted !== undefined) throw new GitStateError(unmergedMessage(conflicted));
    fullPaths.forEach((p, i) => {
      const e = staged.entries.has(p) ? staged.entries.get(p) : found[i];
      if (e && e.mode !== '40000') map.set(p, { mode: e.mode, sha: e.sha });
      this.known.set(p, map.get(p) ?? null);
    });
    return map;
  }

  /**
   * Which of these index entries are intent-to-add (`git add -N`): git leaves them out of the commit,
   * so they are absent from it, not empty files. Such an entry holds the empty blob, so only entries
   * with the empty blob are asked about; `ls-files --debug` prints the entry flags (CE_INTENT_TO_ADD is
   * bit 29), the only place git shows them.
   */
  private async intentToAdd(paths: string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const out = await this.git.raw(['--literal-pathspecs', 'ls-files', '-s', '-z', '--debug', '--', ...paths]);
    // "<mode> <sha> <stage>\t<path>\0  ctime: …\n … flags: <hex>\n<next entry>"
    const parts = out.split('\0');
    const ita: string[] = [];
    for (let i = 0; i + 1 < parts.length; i++) {
      const header = i === 0 ? parts[0] : parts[i].slice(parts[i].indexOf('\n', parts[i].indexOf('flags: ')) + 1);
      const p = header.slice(header.indexOf('\t') + 1);
      const flags = /flags: ([0-9a-f]+)\n/.exec(parts[i + 1]);
      if (flags && (parseInt(flags[1], 16) & 0x20000000) !== 0) ita.push(p);
    }
    return ita;
  }
}
