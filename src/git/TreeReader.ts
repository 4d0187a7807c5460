import type { BlobReader } from './BlobReader';

export interface TreeEntry {
  mode: string;
  sha: string;
}

/**
 * A commit's tree, read through the run's `cat-file --batch` process: no `git ls-tree` process per
 * commit. Only the directories on the paths asked for are read, and each tree once per run (the
 * commits of a range share most of them), so listing a range costs what changed in it.
 */
export class TreeReader {
  private readonly trees = new Map<string, Promise<Map<string, TreeEntry>>>();

  constructor(private readonly objects: BlobReader) {}

  /** The entry at `path` (from the top level) in the commit's tree; undefined where there is none. */
  async entry(commit: string, path: string): Promise<TreeEntry | undefined> {
    let dir = await this.root(commit);
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const e = dir?.get(parts[i]);
      if (!e || i === parts.length - 1) return e;
      if (e.mode !== '40000') return undefined;
      dir = await this.tree(e.sha);
    }
    return undefined;
  }

  /** Every file below `dir` ('' for all), as paths from the top level. */
  async list(commit: string, dir: string): Promise<string[]> {
    return (await this.files(commit, dir)).map(([p]) => p);
  }

  /** Every file below `dir` ('' for all) with its entry (mode and id), as paths from the top level. */
  async files(commit: string, dir: string): Promise<Array<[string, TreeEntry]>> {
    const out: Array<[string, TreeEntry]> = [];
    let start: Map<string, TreeEntry> | undefined = await this.root(commit);
    const base = dir.replace(/\/+$/, '');
    if (base) {
      const e = await this.entry(commit, base);
      start = e?.mode === '40000' ? await this.tree(e.sha) : undefined;
      if (e && e.mode !== '40000') return [[base, e]];
    }
    const walk = async (tree: Map<string, TreeEntry> | undefined, prefix: string): Promise<void> => {
      if (!tree) return;
      for (const [name, e] of tree) {
        const p = prefix ? `${prefix}/${name}` : name;
        if (e.mode === '40000') await walk(await this.tree(e.sha), p);
        else out.push([p, e]);
      }
    };
    await walk(start, base);
    return out;
  }

  private async root(commit: string): Promise<Map<string, TreeEntry> | undefined> {
    const [obj] = await this.objects.readObjects([commit]);
    if (!obj) return undefined;
    if (obj.type === 'tree') return this.tree(obj.id);
    if (obj.type !== 'commit') return undefined;
    const m = /^tree ([0-9a-f]+)/.exec(obj.data.subarray(0, 200).toString('latin1'));
    return m ? this.tree(m[1]) : undefined;
  }

  private tree(sha: string): Promise<Map<string, TreeEntry>> {
    let t = this.trees.get(sha);
    if (!t) {
      t = this.objects.readObjects([sha]).then(([o]) => (o && o.type === 'tree' ? parseTree(o.data, sha.length / 2) : new Map()));
      this.trees.set(sha, t);
    }
    return t;
  }
}

/** A tree object: entries of `<mode> <name>\0<raw id>` (20 bytes for SHA-1, 32 for SHA-256). */
function parseTree(data: Buffer, idBytes: number): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    const nul = data.indexOf(0, sp);
    if (sp < 0 || nul < 0 || nul + 1 + idBytes > data.length) break;
    const mode = data.subarray(i, sp).toString('latin1');
    const name = data.subarray(sp + 1, nul).toString('utf8');
    const sha = data.subarray(nul + 1, nul + 1 + idBytes).toString('hex');
    out.set(name, { mode, sha });
    i = nul + 1 + idBytes;
  }
  return out;
}
